//===- AtomTest.cpp - Unit tests for atoms and their Python semantics -----===//
//
// Expected values were computed with CPython 3.11 (/usr/bin/python3) and
// pasted as literals. Python has no cap on int size; the only departure
// checked here is this build's "integer too large (limit 100000 digits)"
// for * and ** results.
//
//===----------------------------------------------------------------------===//

#include "rasp/Support/Atom.h"

#include "gtest/gtest.h"

#include <cmath>
#include <string>

using namespace rasp;
using namespace rasp::py;

namespace {

constexpr BinOp Add = BinOp::Add, Sub = BinOp::Sub, Mul = BinOp::Mul,
                Div = BinOp::Div, Mod = BinOp::Mod, Pow = BinOp::Pow,
                Eq = BinOp::Eq, Ne = BinOp::Ne, Lt = BinOp::Lt,
                Gt = BinOp::Gt, Le = BinOp::Le, Ge = BinOp::Ge;

/// An atom from test text: "A**B", "-A**B" and "A**B+C" are as in Python
/// (ints), text with '.', 'e' or "inf" is a float (float(text)), anything
/// else an int (int(text)).
Atom atom(llvm::StringRef t) {
  size_t p = t.find("**");
  Atom r;
  if (p != llvm::StringRef::npos && t.startswith("-")) {
    Status st = unary(UnOp::Neg, atom(t.drop_front()), r);
    EXPECT_TRUE(st.ok) << t.str() << ": " << st.message;
    return r;
  }
  size_t plus = t.find('+');
  if (p != llvm::StringRef::npos && plus != llvm::StringRef::npos &&
      plus > p) {
    Status st = binary(Add, atom(t.substr(0, plus)),
                       atom(t.substr(plus + 1)), r);
    EXPECT_TRUE(st.ok) << t.str() << ": " << st.message;
    return r;
  }
  if (p != llvm::StringRef::npos) {
    Status st = binary(Pow, atom(t.substr(0, p)), atom(t.substr(p + 2)), r);
    EXPECT_TRUE(st.ok) << t.str() << ": " << st.message;
    return r;
  }
  bool isFloat = t.contains('.') || t.contains('e') || t.contains("inf");
  Status st = isFloat ? toFloat(Atom::string(t.str()), r)
                      : toInt(Atom::string(t.str()), r);
  EXPECT_TRUE(st.ok) << t.str() << ": " << st.message;
  return r;
}

/// repr() of the result, or "!" and the Python error text.
std::string show(const Status &st, const Atom &r) {
  return st.ok ? repr(r) : "!" + st.message;
}

std::string bin(BinOp op, const Atom &a, const Atom &b) {
  Atom r;
  Status st = binary(op, a, b, r);
  return show(st, r);
}

std::string bin(BinOp op, llvm::StringRef a, llvm::StringRef b) {
  return bin(op, atom(a), atom(b));
}

std::string un(UnOp op, const Atom &a) {
  Atom r;
  Status st = unary(op, a, r);
  return show(st, r);
}

std::string intOf(const Atom &a) {
  Atom r;
  Status st = toInt(a, r);
  return show(st, r);
}

std::string floatOf(const Atom &a) {
  Atom r;
  Status st = toFloat(a, r);
  return show(st, r);
}

std::string literal(llvm::StringRef digits) {
  Atom r;
  Status st = parseIntLiteral(digits, r);
  return show(st, r);
}

struct Case {
  BinOp op;
  const char *a, *b, *expect;
};

const char *const kRound1e300 =
    "1000000000000000052504760255204420248704468581108159154915854115511802"
    "4579889081957863713750804478640437044438328838781769425232353604305756"
    "4479218478670698284838720092657580373783023379478809005936895323497079"
    "9945081119038967640880074652742780142494579258788820056842838115669472"
    "196386865459400540160";

const char *const kRoundDblMax =
    "1797693134862315708145274237317043567980705675258449965989174768031572"
    "6078002853876058955863276687817154045895351438246423432132688946418276"
    "8467546703537516986049910576551282076245490090389328944075868508455133"
    "9423045832369032229481658085593321233482747978262041447231687381771809"
    "19299881250404026184124858368";

//===----------------------------------------------------------------------===//
// The brief's examples
//===----------------------------------------------------------------------===//

TEST(AtomBigInt, PowerLiteralsAndRound) {
  EXPECT_EQ(bin(Pow, "2", "100"), "1267650600228229401496703205376");
  EXPECT_EQ(bin(Pow, "10", "22"), "10000000000000000000000");
  EXPECT_EQ(literal("12345678901234567891"), "12345678901234567891");
  EXPECT_EQ(un(UnOp::Round, Atom::real(1e300)), kRound1e300);
  EXPECT_EQ(un(UnOp::Round, Atom::real(1.7976931348623157e308)), kRoundDblMax);
  EXPECT_EQ(un(UnOp::Round, Atom::real(-1.7976931348623157e308)),
            "-" + std::string(kRoundDblMax));
}

//===----------------------------------------------------------------------===//
// Representation
//===----------------------------------------------------------------------===//

TEST(AtomBigInt, FastPathAndPromotion) {
  EXPECT_LE(sizeof(Atom), 48u);
  Atom max = Atom::integer(INT64_MAX);
  EXPECT_TRUE(max.isSmallInt());
  EXPECT_FALSE(max.isBigInt());
  Atom one = Atom::integer(1), r;
  ASSERT_TRUE(binary(Add, max, one, r).ok);
  EXPECT_TRUE(r.isBigInt());
  EXPECT_TRUE(r.isInt());
  EXPECT_TRUE(r.isIntLike());
  EXPECT_FALSE(r.isSmallInt());
  EXPECT_EQ(repr(r), "9223372036854775808");
  EXPECT_STREQ(typeName(r), "int");
  // getInt() saturates a big int by its sign.
  EXPECT_EQ(r.getInt(), INT64_MAX);
  EXPECT_EQ(atom("-10**30").getInt(), -INT64_MAX);
  // Results that fit go back to the inline representation.
  Atom back;
  ASSERT_TRUE(binary(Sub, r, one, back).ok);
  EXPECT_TRUE(back.isSmallInt());
  EXPECT_EQ(back.getInt(), INT64_MAX);
  ASSERT_TRUE(binary(Sub, atom("2**64"), atom("18446744073709551611"), back)
                  .ok);
  EXPECT_TRUE(back.isSmallInt());
  EXPECT_EQ(back.getInt(), 5);
  Atom minNeg;
  ASSERT_TRUE(unary(UnOp::Neg, atom("9223372036854775808"), minNeg).ok);
  EXPECT_TRUE(minNeg.isSmallInt());
  EXPECT_EQ(minNeg.getInt(), INT64_MIN);
  EXPECT_EQ(un(UnOp::Neg, minNeg), "9223372036854775808");
  EXPECT_TRUE(atom("-9223372036854775809").isBigInt());
  EXPECT_TRUE(atom("-9223372036854775808").isSmallInt());
  EXPECT_EQ(atom("10**22").toDouble(), 1e22);
  EXPECT_TRUE(std::isinf(atom("10**400").toDouble()));
  EXPECT_LT(atom("-10**400").toDouble(), 0);
}

TEST(AtomBigInt, CopyMoveAssign) {
  Atom big = atom("3**100");
  const std::string text = "515377520732011331036461129765621272702107522001";
  {
    std::vector<Atom> copies(100, big);
    for (const Atom &c : copies)
      EXPECT_EQ(repr(c), text);
    Atom moved = std::move(copies[0]);
    EXPECT_EQ(repr(moved), text);
    EXPECT_TRUE(copies[0].isSmallInt()); // a moved-from atom is valid
    copies[1] = copies[2];
    copies[3] = Atom::string("x");
    copies[4] = std::move(copies[5]);
    copies[6] = copies[6];
    EXPECT_EQ(repr(copies[1]), text);
    EXPECT_EQ(repr(copies[4]), text);
    EXPECT_EQ(repr(copies[6]), text);
    EXPECT_EQ(repr(copies[3]), "'x'");
    Atom small = Atom::integer(4);
    small = big;
    EXPECT_EQ(repr(small), text);
    big = Atom::real(2.5);
    EXPECT_EQ(repr(small), text);
  }
  EXPECT_EQ(repr(big), "2.5");
}

//===----------------------------------------------------------------------===//
// Parsing and conversions
//===----------------------------------------------------------------------===//

TEST(AtomBigInt, IntLiterals) {
  EXPECT_EQ(literal("0"), "0");
  EXPECT_EQ(literal("000123"), "123");
  EXPECT_EQ(literal("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(literal("9223372036854775808"), "9223372036854775808");
  EXPECT_EQ(literal("00000000000000000000000000000000000000001"), "1");
  EXPECT_EQ(literal("123456789012345678901234567890123456789"),
            "123456789012345678901234567890123456789");
  std::string d4300 = "1" + std::string(4299, '0');
  Atom r;
  ASSERT_TRUE(parseIntLiteral(d4300, r).ok);
  EXPECT_EQ(repr(r), d4300);
  EXPECT_EQ(literal(d4300 + "0"),
            "!Exceeds the limit (4300 digits) for integer string conversion: "
            "value has 4301 digits; use sys.set_int_max_str_digits() to "
            "increase the limit");
  EXPECT_EQ(literal("12a"), "!invalid literal for int() with base 10: '12a'");
}

TEST(AtomBigInt, IntOfString) {
  EXPECT_EQ(intOf(Atom::string("123456789012345678901234")),
            "123456789012345678901234");
  EXPECT_EQ(intOf(Atom::string("  -123456789012345678901234_5 ")),
            "-1234567890123456789012345");
  EXPECT_EQ(intOf(Atom::string("+0009223372036854775808")),
            "9223372036854775808");
  EXPECT_EQ(intOf(Atom::string("1__1")),
            "!invalid literal for int() with base 10: '1__1'");
  EXPECT_EQ(intOf(Atom::string("__1")),
            "!invalid literal for int() with base 10: '__1'");
  std::string limit =
      "!Exceeds the limit (4300 digits) for integer string conversion: "
      "value has 4301 digits; use sys.set_int_max_str_digits() to increase "
      "the limit";
  // CPython counts the digit run first: trailing junk still reports the
  // limit, a trailing underscore does not.
  EXPECT_EQ(intOf(Atom::string(std::string(4301, '1'))), limit);
  EXPECT_EQ(intOf(Atom::string(std::string(4301, '0'))), limit);
  EXPECT_EQ(intOf(Atom::string(" -" + std::string(4301, '1'))), limit);
  EXPECT_EQ(intOf(Atom::string(std::string(4301, '1') + "x")), limit);
  std::string underscores;
  for (int k = 0; k < 2200; ++k)
    underscores += "1_";
  underscores += "1";
  Atom r;
  ASSERT_TRUE(toInt(Atom::string(underscores), r).ok);
  EXPECT_EQ(repr(r), std::string(2201, '1'));
  // The repr in the message is cut at 200 characters, as %.200R does.
  EXPECT_EQ(intOf(Atom::string(std::string(300, '1') + "x")),
            "!invalid literal for int() with base 10: '" +
                std::string(199, '1'));
}

TEST(AtomBigInt, IntOfFloat) {
  EXPECT_EQ(intOf(Atom::real(1e19)), "10000000000000000000");
  EXPECT_EQ(intOf(Atom::real(-1.5e30)), "-1499999999999999889089448902656");
  EXPECT_EQ(intOf(Atom::real(-9.3e18)), "-9300000000000000000");
  EXPECT_EQ(intOf(Atom::real(1e300)), kRound1e300);
  EXPECT_EQ(intOf(Atom::real(-2.5)), "-2");
  EXPECT_EQ(intOf(Atom::real(INFINITY)),
            "!cannot convert float infinity to integer");
  EXPECT_EQ(intOf(Atom::real(NAN)), "!cannot convert float NaN to integer");
  EXPECT_EQ(intOf(atom("10**400")), "1" + std::string(400, '0'));
  EXPECT_EQ(intOf(Atom::boolean(true)), "1");
}

TEST(AtomBigInt, Round) {
  EXPECT_EQ(un(UnOp::Round, Atom::real(2.5e20)), "250000000000000000000");
  EXPECT_EQ(un(UnOp::Round, Atom::real(-2.5e20)), "-250000000000000000000");
  EXPECT_EQ(un(UnOp::Round, Atom::real(9.3e18)), "9300000000000000000");
  EXPECT_EQ(un(UnOp::Round, Atom::real(2.5)), "2");
  EXPECT_EQ(un(UnOp::Round, Atom::real(-0.5)), "0");
  EXPECT_EQ(un(UnOp::Round, atom("10**400")), "1" + std::string(400, '0'));
  EXPECT_EQ(un(UnOp::Round, atom("-12345678901234567891")),
            "-12345678901234567891");
  EXPECT_EQ(un(UnOp::Round, Atom::real(INFINITY)),
            "!cannot convert float infinity to integer");
}

TEST(AtomBigInt, FloatOfInt) {
  EXPECT_EQ(floatOf(atom("9007199254740993")), "9007199254740992.0");
  EXPECT_EQ(floatOf(atom("18446744073709553665")), "1.8446744073709556e+19");
  EXPECT_EQ(floatOf(atom("-1267650600228229401496703205377")),
            "-1.2676506002282294e+30");
  EXPECT_EQ(floatOf(atom("10**22")), "1e+22");
  // 2**1024 - 2**970 - 1 rounds down to DBL_MAX; 2**1024 - 2**970 is the
  // halfway point and rounds (to even) up to 2**1024, out of range.
  Atom top = atom("2**1024"), half = atom("2**970"), one = Atom::integer(1);
  Atom x, y;
  ASSERT_TRUE(binary(Sub, top, half, x).ok);
  ASSERT_TRUE(binary(Sub, x, one, y).ok);
  EXPECT_EQ(floatOf(y), "1.7976931348623157e+308");
  EXPECT_EQ(floatOf(x), "!int too large to convert to float");
  EXPECT_EQ(floatOf(atom("10**400")), "!int too large to convert to float");
  EXPECT_EQ(floatOf(atom("-10**400")), "!int too large to convert to float");
  double d;
  EXPECT_FALSE(asDouble(atom("10**400"), d).ok);
  ASSERT_TRUE(asDouble(atom("-10**22"), d).ok);
  EXPECT_EQ(d, -1e22);
}

TEST(AtomBigInt, StrAndTruthiness) {
  Atom r;
  std::string s;
  ASSERT_TRUE(toStr(atom("10**4299"), s).ok);
  EXPECT_EQ(s, "1" + std::string(4299, '0'));
  std::string limit = "Exceeds the limit (4300 digits) for integer string "
                      "conversion; use sys.set_int_max_str_digits() to "
                      "increase the limit";
  Status st = toStr(atom("10**4300"), s);
  EXPECT_FALSE(st.ok);
  EXPECT_EQ(st.message, limit);
  st = toStr(atom("-10**4300"), s);
  EXPECT_EQ(st.message, limit);
  st = toStr(atom("10**40000"), s);
  EXPECT_EQ(st.message, limit);
  ASSERT_TRUE(toStr(atom("-10**4299"), s).ok);
  EXPECT_EQ(s.size(), 4301u);
  EXPECT_EQ(str(atom("10**4300")).size(), 4301u); // str() prints in full
  ASSERT_TRUE(toStr(Atom::string("abc"), s).ok);
  EXPECT_EQ(s, "abc");
  EXPECT_TRUE(truthy(atom("10**30")));
  EXPECT_TRUE(truthy(atom("-10**30")));
  EXPECT_EQ(un(UnOp::Not, atom("10**30")), "False");
  EXPECT_EQ(un(UnOp::Bool, atom("10**30")), "True");
  EXPECT_EQ(un(UnOp::Indicator, atom("10**30")), "1");
  EXPECT_EQ(un(UnOp::Neg, atom("10**30")), "-1000000000000000000000000000000");
  EXPECT_EQ(un(UnOp::Pos, atom("10**30")), "1000000000000000000000000000000");
  EXPECT_EQ(un(UnOp::Pos, Atom::boolean(true)), "1");
  EXPECT_EQ(un(UnOp::Neg, Atom::string("a")),
            "!bad operand type for unary -: 'str'");
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

TEST(AtomBigInt, StringRepetition) {
  EXPECT_EQ(bin(Mul, Atom::string("ab"), atom("10**30")),
            "!cannot fit 'int' into an index-sized integer");
  EXPECT_EQ(bin(Mul, atom("-10**30"), Atom::string("ab")),
            "!cannot fit 'int' into an index-sized integer");
  EXPECT_EQ(bin(Mul, Atom::string("ab"), Atom::boolean(true)), "'ab'");
  EXPECT_EQ(bin(Mul, Atom::integer(3), Atom::string("ab")), "'ababab'");
  EXPECT_EQ(bin(Mul, Atom::string("ab"), Atom::integer(-3)), "''");
}

TEST(AtomBigInt, TrueDivision) {
  EXPECT_EQ(bin(Div, "1", "2**1074"), "5e-324");
  EXPECT_EQ(bin(Div, "1", "2**1075"), "0.0");
  EXPECT_EQ(bin(Div, "3", "2**1076"), "5e-324");
  EXPECT_EQ(bin(Div, "-1", "2**1075"), "-0.0");
  EXPECT_EQ(bin(Div, "2**1024", "1"),
            "!integer division result too large for a float");
  EXPECT_EQ(bin(Div, "10**400", "10**90"),
            "!integer division result too large for a float");
  EXPECT_EQ(bin(Div, "10**400", "0"), "!division by zero");
  EXPECT_EQ(bin(Div, "10**400", "10**399"), "10.0");
  EXPECT_EQ(bin(Div, "1152921504606846977", "7"), "1.647030720866924e+17");
  EXPECT_EQ(bin(Div, "1152921504606846976", "3"), "3.843071682022823e+17");
  EXPECT_EQ(bin(Div, "1152921504606846977", "1152921504606846979"), "1.0");
  EXPECT_EQ(bin(Div, "3**1000", "7**300"), "3.9069937400946665e+223");
  EXPECT_EQ(bin(Div, "7**300", "3**1000"), "2.559512675276951e-224");
  EXPECT_EQ(bin(Div, "-3**1000", "7**350"), "-2.1724046047308298e+181");
  EXPECT_EQ(bin(Div, "10**400", "0.5"), "!int too large to convert to float");
  EXPECT_EQ(bin(Div, "1.0", "0"), "!float division by zero");
  EXPECT_EQ(bin(Div, "10**30", "0.0"), "!float division by zero");
}

TEST(AtomBigInt, PowerAndCap) {
  std::string tooLarge = "!integer too large (limit 100000 digits)";
  Atom r;
  ASSERT_TRUE(binary(Pow, atom("10"), atom("99999"), r).ok);
  EXPECT_EQ(str(r).size(), 100000u);
  EXPECT_EQ(bin(Mod, r, Atom::integer(97)), "52"); // Python: 10**99999 % 97
  EXPECT_EQ(bin(Pow, "10", "100000"), tooLarge);
  ASSERT_TRUE(binary(Pow, atom("2"), atom("332192"), r).ok);
  EXPECT_EQ(str(r).size(), 100000u);
  EXPECT_EQ(bin(Pow, "2", "332193"), tooLarge);
  EXPECT_EQ(bin(Pow, "2", "10**400"), tooLarge);
  EXPECT_EQ(bin(Mul, "10**60000", "10**60000"), tooLarge);
  EXPECT_EQ(bin(Pow, "1", "10**400"), "1");
  EXPECT_EQ(bin(Pow, "0", "10**400"), "0");
  EXPECT_EQ(bin(Pow, "-1", "10**400"), "1");
  EXPECT_EQ(bin(Pow, "-1", "10**400+1"), "-1");
  EXPECT_EQ(bin(Pow, "12345678901234567891", "3"),
            "1881676372353657772947513112021842124741453861189657928971");
  EXPECT_EQ(bin(Pow, "2**64", "2"), "340282366920938463463374607431768211456");
  EXPECT_EQ(bin(Pow, "10**400", "-1"), "!int too large to convert to float");
  EXPECT_EQ(bin(Pow, "2.0", "10**400"), "!int too large to convert to float");
  EXPECT_EQ(bin(Pow, "2", "-10**400"), "!int too large to convert to float");
  EXPECT_EQ(bin(Pow, "2.0", "2**70"), "!(34, 'Numerical result out of range')");
  EXPECT_EQ(bin(Pow, "0.5", "2**70"), "0.0");
  EXPECT_EQ(bin(Pow, "2**70", "0.5"), "34359738368.0");
  EXPECT_EQ(bin(Pow, "2**70", "-1"), "8.470329472543003e-22");
  EXPECT_EQ(bin(Pow, "0", "-1"), "!0.0 cannot be raised to a negative power");
}

/// Large operands: Karatsuba multiplication and long division.
TEST(AtomBigInt, LargeOperands) {
  Atom a = atom("3**10000");
  std::string s = str(a);
  EXPECT_EQ(s.size(), 4772u);
  EXPECT_EQ(s.substr(0, 30), "163135018534262587430325672918");
  EXPECT_EQ(s.substr(s.size() - 30), "964329217241498105206552200001");
  Atom prod;
  ASSERT_TRUE(binary(Mul, atom("7**3000"), atom("11**2000"), prod).ok);
  s = str(prod);
  EXPECT_EQ(s.size(), 4619u);
  EXPECT_EQ(s.substr(0, 30), "120085441529387701508858082499");
  EXPECT_EQ(s.substr(s.size() - 30), "836458353927040013614410720001");
  // 3**10000 == (3**5000) * (3**5000)
  Atom half = atom("3**5000"), sq;
  ASSERT_TRUE(binary(Mul, half, half, sq).ok);
  EXPECT_TRUE(equals(sq, a));
  Atom m = atom("7**3000+1");
  Atom r;
  ASSERT_TRUE(binary(Mod, a, m, r).ok);
  s = str(r);
  EXPECT_EQ(s.size(), 2536u);
  EXPECT_EQ(s.substr(0, 30), "184027242995819131260018965412");
  EXPECT_EQ(s.substr(s.size() - 30), "493136716300701547192364839109");
  Atom negA;
  ASSERT_TRUE(unary(UnOp::Neg, a, negA).ok);
  ASSERT_TRUE(binary(Mod, negA, m, r).ok);
  s = str(r);
  EXPECT_EQ(s.size(), 2535u);
  EXPECT_EQ(s.substr(0, 30), "128157875809571055920328101091");
  EXPECT_EQ(s.substr(s.size() - 30), "392947269234485885081476960893");
  EXPECT_EQ(bin(Div, a, m), "!integer division result too large for a float");
  EXPECT_EQ(bin(Div, m, a), "0.0");
}

TEST(AtomBigInt, ExactComparisons) {
  EXPECT_EQ(bin(Gt, "9007199254740993", "9007199254740992.0"), "True");
  EXPECT_EQ(bin(Eq, "9007199254740993", "9007199254740992.0"), "False");
  EXPECT_EQ(bin(Eq, "9223372036854775808", "9.223372036854775808e18"), "True");
  EXPECT_EQ(bin(Eq, "9223372036854775809", "9.223372036854775808e18"),
            "False");
  EXPECT_EQ(bin(Lt, "10**400", "inf"), "True");
  EXPECT_EQ(bin(Gt, "-10**400", "-inf"), "True");
  EXPECT_EQ(bin(Eq, "10**400", "inf"), "False");
  EXPECT_EQ(bin(Gt, atom("10**400"), Atom::real(NAN)), "False");
  EXPECT_EQ(bin(Lt, atom("10**400"), Atom::real(NAN)), "False");
  EXPECT_EQ(bin(Ne, atom("10**400"), Atom::real(NAN)), "True");
  EXPECT_EQ(bin(Eq, atom("10**22"), Atom::real(1e22)), "True");
  EXPECT_EQ(bin(Lt, atom("-10**400"), Atom::real(-1e308)), "True");
  EXPECT_EQ(bin(Eq, atom("2**64"), Atom::string("x")), "False");
  EXPECT_EQ(bin(Lt, atom("2**64"), Atom::string("x")),
            "!'<' not supported between instances of 'int' and 'str'");
  EXPECT_EQ(bin(Eq, atom("2**64"), atom("18446744073709551616")), "True");
  EXPECT_EQ(bin(Eq, atom("1"), Atom::boolean(true)), "True");
  EXPECT_EQ(bin(Lt, atom("-2**64"), Atom::boolean(false)), "True");
  EXPECT_EQ(bin(Le, atom("1.5"), atom("2**64")), "True");
  EXPECT_EQ(bin(Ge, atom("1e300"), atom("10**300")), "True");
  EXPECT_EQ(bin(Eq, atom("1e300"), atom(kRound1e300)), "True");
}

/// Products, remainders and differences of numbers of thousands of digits
/// (Karatsuba, long division, operands with many zero limbs), checked by
/// length and leading and trailing digits against Python.
TEST(AtomBigInt, HugeOperandDigests) {
  struct Digest {
    BinOp op;
    const char *a, *b;
    size_t length;
    const char *head, *tail;
  };
  static const Digest cases[] = {
    {Mul, "3**4000", "2**5000+3", 3414, "43151629329539574001", "04138977767225429379"},
    {Mod, "3**4000", "2**5000+3", 1505, "23417626637786617887", "81015524990150447336"},
    {Sub, "3**4000", "2**5000+3", 1909, "30550539125985089475", "37838264184628970622"},
    {Mul, "3**4000", "10**2000+1", 3909, "30550539125985089475", "52007355101820880001"},
    {Mod, "3**4000", "10**2000+1", 1909, "30550539125985089475", "52007355101820880001"},
    {Sub, "3**4000", "10**2000+1", 2001, "-9999999999999999999", "47992644898179120000"},
    {Mul, "3**4000", "3**3000", 3340, "70596478428808982059", "68135968536386540001"},
    {Mod, "3**4000", "3**3000", 1, "0", "0"},
    {Sub, "3**4000", "3**3000", 1909, "30550539125985089475", "50237556648055220000"},
    {Mul, "3**4000", "2**6400", 3836, "11939637136414389385", "62661187079164133376"},
    {Mod, "3**4000", "2**6400", 1909, "30550539125985089475", "52007355101820880001"},
    {Sub, "3**4000", "2**6400", 1928, "-3908159226643238730", "82051444770052373375"},
    {Mul, "3**4000", "10**1300", 3209, "30550539125985089475", "00000000000000000000"},
    {Mod, "3**4000", "10**1300", 1300, "41403467823037684502", "52007355101820880001"},
    {Sub, "3**4000", "10**1300", 1909, "30550539125985089475", "52007355101820880001"},
    {Mul, "3**4000", "2**96+1", 1938, "24204630787719378452", "84720314583180510337"},
    {Mod, "3**4000", "2**96+1", 28, "35420888355243290445", "35524329044566016649"},
    {Sub, "3**4000", "2**96+1", 1909, "30550539125985089475", "37743017508276929664"},
    {Mul, "10**3000+7", "2**5000+3", 4506, "14124670321394260368", "99183636420343365653"},
    {Mod, "10**3000+7", "2**5000+3", 1505, "90980635451988894430", "28018119618178550853"},
    {Sub, "10**3000+7", "2**5000+3", 3000, "99999999999999999999", "85830909082808090628"},
    {Mul, "10**3000+7", "10**2000+1", 5001, "10000000000000000000", "00000000000000000007"},
    {Mod, "10**3000+7", "10**2000+1", 2000, "99999999999999999999", "00000000000000000008"},
    {Sub, "10**3000+7", "10**2000+1", 3000, "99999999999999999999", "00000000000000000006"},
    {Mul, "10**3000+7", "3**3000", 4432, "23108095781119092726", "12388589176359620007"},
    {Mod, "10**3000+7", "3**3000", 1431, "27570409615675387414", "89176078041156244067"},
    {Sub, "10**3000+7", "3**3000", 3000, "99999999999999999999", "98230201546234340006"},
    {Mul, "10**3000+7", "2**6400", 4927, "39081592266432387331", "38411599103112773632"},
    {Mod, "10**3000+7", "2**6400", 1927, "15813078913761882433", "48039257430562963463"},
    {Sub, "10**3000+7", "2**6400", 3000, "99999999999999999999", "65941200128126746631"},
    {Mul, "10**3000+7", "10**1300", 4301, "10000000000000000000", "00000000000000000000"},
    {Mod, "10**3000+7", "10**1300", 1, "7", "7"},
    {Sub, "10**3000+7", "10**1300", 3000, "99999999999999999999", "00000000000000000007"},
    {Mul, "10**3000+7", "2**96+1", 3029, "79228162514264337593", "99850363154807652359"},
    {Mod, "10**3000+7", "2**96+1", 28, "88986897937110118835", "93711011883594811254"},
    {Sub, "10**3000+7", "2**96+1", 3000, "99999999999999999999", "85735662406456049670"},
    {Mul, "2**9000+1", "2**5000+3", 4215, "26299003673253117803", "53650263121859706883"},
    {Mod, "2**9000+1", "2**5000+3", 1506, "14124670321394260368", "46655363796459061252"},
    {Sub, "2**9000+1", "2**5000+3", 2710, "18619198236024468700", "98217366057123839998"},
    {Mul, "2**9000+1", "10**2000+1", 4710, "18619198236024468700", "12386456974315749377"},
    {Mod, "2**9000+1", "10**2000+1", 2000, "84725126289174642261", "21918209321545810667"},
    {Sub, "2**9000+1", "10**2000+1", 2710, "18619198236024468700", "12386456974315749376"},
    {Mul, "2**9000+1", "3**3000", 4141, "43025421620569707848", "40291367423309569377"},
    {Mod, "2**9000+1", "3**3000", 1432, "23002843325720246459", "59924381503768164510"},
    {Sub, "2**9000+1", "3**3000", 2710, "18619198236024468700", "10616658520550089376"},
    {Mul, "2**9000+1", "2**6400", 4636, "72766791378818542399", "64135903800435146752"},
    {Mod, "2**9000+1", "2**6400", 1, "1", "1"},
    {Sub, "2**9000+1", "2**6400", 2710, "18619198236024468700", "78327657102442496001"},
    {Mul, "2**9000+1", "10**1300", 4010, "18619198236024468700", "00000000000000000000"},
    {Mod, "2**9000+1", "10**1300", 1300, "50689789705106685767", "12386456974315749377"},
    {Sub, "2**9000+1", "10**1300", 2710, "18619198236024468700", "12386456974315749377"},
    {Mul, "2**9000+1", "2**96+1", 2739, "14751648637290504895", "35722481779026690049"},
    {Mod, "2**9000+1", "2**96+1", 29, "79228157791897854723", "91897854723898736642"},
    {Sub, "2**9000+1", "2**96+1", 2710, "18619198236024468700", "98122119380771799040"},
    {Mul, "7**2500", "2**5000+3", 3618, "78537731985317309558", "19673088794060409379"},
    {Mod, "7**2500", "2**5000+3", 1505, "78019180531386324969", "79220888285832023356"},
    {Sub, "7**2500", "2**5000+3", 2113, "55603231932683276458", "20218809086009590622"},
    {Mul, "7**2500", "10**2000+1", 4113, "55603231932683276458", "34387900003201500001"},
    {Mod, "7**2500", "10**2000+1", 2000, "78518907567943433790", "85819541393846861295"},
    {Sub, "7**2500", "10**2000+1", 2113, "55603231932683276458", "34387900003201500000"},
    {Mul, "7**2500", "3**3000", 3545, "12848848092402248372", "99888458946967160001"},
    {Mod, "7**2500", "3**3000", 1432, "16704875051344874887", "81512865074004501189"},
    {Sub, "7**2500", "3**3000", 2113, "55603231932683276458", "32618101549435840000"},
    {Mul, "7**2500", "2**6400", 4040, "21730628390890011029", "92411420555137253376"},
    {Mod, "7**2500", "2**6400", 1926, "12727399928169636627", "55024836687803630433"},
    {Sub, "7**2500", "2**6400", 2113, "55603231932683276458", "00329100131328246625"},
    {Mul, "7**2500", "10**1300", 3413, "55603231932683276458", "00000000000000000000"},
    {Mod, "7**2500", "10**1300", 1300, "92445853289421399557", "34387900003201500001"},
    {Sub, "7**2500", "10**1300", 2113, "55603231932683276458", "34387900003201500001"},
    {Mul, "7**2500", "2**96+1", 2142, "44053418958809629598", "13717594597449450337"},
    {Mod, "7**2500", "2**96+1", 28, "24167512194291268829", "19429126882918170276"},
    {Sub, "7**2500", "2**96+1", 2113, "55603231932683276458", "20123562409657549664"},
    {Mul, "10**4200", "2**5000+3", 5706, "14124670321394260368", "00000000000000000000"},
    {Mod, "10**4200", "2**5000+3", 1504, "89100052234194942425", "16076334329539539002"},
    {Sub, "10**4200", "2**5000+3", 4200, "99999999999999999999", "85830909082808090621"},
    {Mul, "10**4200", "10**2000+1", 6201, "10000000000000000000", "00000000000000000000"},
    {Mod, "10**4200", "10**2000+1", 201, "10000000000000000000", "00000000000000000000"},
    {Sub, "10**4200", "10**2000+1", 4200, "99999999999999999999", "99999999999999999999"},
    {Mul, "10**4200", "3**3000", 5632, "23108095781119092726", "00000000000000000000"},
    {Mod, "10**4200", "3**3000", 1432, "12314784831826655509", "86541759457392794080"},
    {Sub, "10**4200", "3**3000", 4200, "99999999999999999999", "98230201546234339999"},
    {Mul, "10**4200", "2**6400", 6127, "39081592266432387331", "00000000000000000000"},
    {Mod, "10**4200", "2**6400", 1927, "30453488324624695671", "45177338495399624704"},
    {Sub, "10**4200", "2**6400", 4200, "99999999999999999999", "65941200128126746624"},
    {Mul, "10**4200", "10**1300", 5501, "10000000000000000000", "00000000000000000000"},
    {Mod, "10**4200", "10**1300", 1, "0", "0"},
    {Sub, "10**4200", "10**1300", 4200, "99999999999999999999", "00000000000000000000"},
    {Mul, "10**4200", "2**96+1", 4229, "79228162514264337593", "00000000000000000000"},
    {Mod, "10**4200", "2**96+1", 29, "42675731678318110295", "78318110295078539274"},
    {Sub, "10**4200", "2**96+1", 4200, "99999999999999999999", "85735662406456049663"},
    {Mul, "2**320+5", "2**5000+3", 1602, "30170112693154974579", "99291979320272093199"},
    {Mod, "2**320+5", "2**5000+3", 97, "21359870359209100823", "40550022962086936581"},
    {Sub, "2**320+5", "2**5000+3", 1507, "-1412467032139426036", "73619067955104972798"},
    {Mul, "2**320+5", "10**2000+1", 2097, "21359870359209100823", "40550022962086936581"},
    {Mod, "2**320+5", "10**2000+1", 97, "21359870359209100823", "40550022962086936581"},
    {Sub, "2**320+5", "10**2000+1", 2001, "-9999999999999999999", "59449977037913063420"},
    {Mul, "2**320+5", "3**3000", 1528, "49358593013289058245", "34264416017695396581"},
    {Mod, "2**320+5", "3**3000", 97, "21359870359209100823", "40550022962086936581"},
    {Sub, "2**320+5", "3**3000", 1433, "-2310809578111909272", "61219775491678723420"},
    {Mul, "2**320+5", "2**6400", 2023, "83477774424246477398", "64267918425856147456"},
    {Mod, "2**320+5", "2**6400", 97, "21359870359209100823", "40550022962086936581"},
    {Sub, "2**320+5", "2**6400", 1928, "-3908159226643238733", "93508776909786316795"},
    {Mul, "2**320+5", "10**1300", 1397, "21359870359209100823", "00000000000000000000"},
    {Mod, "2**320+5", "10**1300", 97, "21359870359209100823", "40550022962086936581"},
    {Sub, "2**320+5", "10**1300", 1301, "-9999999999999999999", "59449977037913063419"},
    {Mul, "2**320+5", "2**96+1", 126, "16923032801030364133", "62150116909532577797"},
    {Mod, "2**320+5", "2**96+1", 29, "79228162514264337589", "14264337589248983046"},
    {Sub, "2**320+5", "2**96+1", 97, "21359870359209100823", "26285685368542986244"},
  };
  for (const Digest &c : cases) {
    Atom r;
    Status st = binary(c.op, atom(c.a), atom(c.b), r);
    ASSERT_TRUE(st.ok) << st.message;
    std::string s = str(r);
    EXPECT_EQ(s.size(), c.length)
        << c.a << " " << spelling(c.op) << " " << c.b;
    EXPECT_EQ(s.substr(0, 20), c.head)
        << c.a << " " << spelling(c.op) << " " << c.b;
    EXPECT_EQ(s.substr(s.size() > 20 ? s.size() - 20 : 0), c.tail)
        << c.a << " " << spelling(c.op) << " " << c.b;
  }
}

/// Algebraic identities on pseudo-random operands of up to ~2000 digits,
/// some with long runs of zero limbs.
TEST(AtomBigInt, RandomIdentities) {
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  auto randomInt = [&]() {
    size_t len = 1 + next() % 2000;
    std::string d;
    for (size_t k = 0; k < len; ++k)
      d += char('0' + next() % 10);
    Atom a = atom(d);
    if (next() % 3 == 0) { // shift left by whole limbs: zero low limbs
      Atom shift = atom("2**" + std::to_string(32 * (1 + next() % 60)));
      Atom t;
      EXPECT_TRUE(binary(Mul, a, shift, t).ok);
      a = t;
    }
    if (next() % 2) {
      Atom t;
      EXPECT_TRUE(unary(UnOp::Neg, a, t).ok);
      a = t;
    }
    return a;
  };
  auto op = [](BinOp o, const Atom &x, const Atom &y) {
    Atom r;
    Status st = binary(o, x, y, r);
    EXPECT_TRUE(st.ok) << st.message;
    return r;
  };
  for (int iter = 0; iter < 60; ++iter) {
    Atom a = randomInt(), b = randomInt();
    if (!truthy(b))
      continue;
    Atom ab = op(Mul, a, b);
    EXPECT_EQ(repr(op(Mod, ab, b)), "0");
    Atom r = op(Mod, a, b);
    // r has b's sign and |r| < |b|.
    EXPECT_TRUE(!truthy(r) || truthy(op(Lt, r, Atom::integer(0))) ==
                                  truthy(op(Lt, b, Atom::integer(0))));
    EXPECT_TRUE(truthy(op(Lt, op(Mul, r, r), op(Mul, b, b))));
    EXPECT_EQ(repr(op(Mod, op(Add, ab, r), b)), repr(r));
    // a - (a % b) is a multiple of b.
    EXPECT_EQ(repr(op(Mod, op(Sub, a, r), b)), "0");
    // (a + b)^2 == a^2 + 2ab + b^2
    Atom s = op(Add, a, b);
    Atom lhs = op(Mul, s, s);
    Atom rhs = op(Add, op(Add, op(Mul, a, a), op(Mul, Atom::integer(2), ab)),
                  op(Mul, b, b));
    EXPECT_TRUE(equals(lhs, rhs));
    EXPECT_EQ(repr(lhs), repr(rhs));
    // str() and int() round-trip.
    Atom back;
    ASSERT_TRUE(toInt(Atom::string(repr(ab)), back).ok);
    EXPECT_TRUE(equals(back, ab));
  }
}

/// Every operator on ints around the int64 edges and beyond, and on
/// int/float mixes (Python-checked table).
TEST(AtomBigInt, OperatorTable) {
  static const Case cases[] = {
    {Add, "0", "0", "0"},
    {Add, "0", "1", "1"},
    {Add, "0", "-7", "-7"},
    {Add, "0", "9007199254740993", "9007199254740993"},
    {Add, "0", "9223372036854775807", "9223372036854775807"},
    {Add, "0", "-9223372036854775808", "-9223372036854775808"},
    {Add, "0", "9223372036854775808", "9223372036854775808"},
    {Add, "0", "-9223372036854775809", "-9223372036854775809"},
    {Add, "0", "-999999999999999999999999999993", "-999999999999999999999999999993"},
    {Add, "0", "3**100", "515377520732011331036461129765621272702107522001"},
    {Add, "1", "0", "1"},
    {Add, "1", "1", "2"},
    {Add, "1", "-7", "-6"},
    {Add, "1", "9007199254740993", "9007199254740994"},
    {Add, "1", "9223372036854775807", "9223372036854775808"},
    {Add, "1", "-9223372036854775808", "-9223372036854775807"},
    {Add, "1", "9223372036854775808", "9223372036854775809"},
    {Add, "1", "-9223372036854775809", "-9223372036854775808"},
    {Add, "1", "-999999999999999999999999999993", "-999999999999999999999999999992"},
    {Add, "1", "3**100", "515377520732011331036461129765621272702107522002"},
    {Add, "-7", "0", "-7"},
    {Add, "-7", "1", "-6"},
    {Add, "-7", "-7", "-14"},
    {Add, "-7", "9007199254740993", "9007199254740986"},
    {Add, "-7", "9223372036854775807", "9223372036854775800"},
    {Add, "-7", "-9223372036854775808", "-9223372036854775815"},
    {Add, "-7", "9223372036854775808", "9223372036854775801"},
    {Add, "-7", "-9223372036854775809", "-9223372036854775816"},
    {Add, "-7", "-999999999999999999999999999993", "-1000000000000000000000000000000"},
    {Add, "-7", "3**100", "515377520732011331036461129765621272702107521994"},
    {Add, "9007199254740993", "0", "9007199254740993"},
    {Add, "9007199254740993", "1", "9007199254740994"},
    {Add, "9007199254740993", "-7", "9007199254740986"},
    {Add, "9007199254740993", "9007199254740993", "18014398509481986"},
    {Add, "9007199254740993", "9223372036854775807", "9232379236109516800"},
    {Add, "9007199254740993", "-9223372036854775808", "-9214364837600034815"},
    {Add, "9007199254740993", "9223372036854775808", "9232379236109516801"},
    {Add, "9007199254740993", "-9223372036854775809", "-9214364837600034816"},
    {Add, "9007199254740993", "-999999999999999999999999999993", "-999999999999990992800745259000"},
    {Add, "9007199254740993", "3**100", "515377520732011331036461129765630279901362262994"},
    {Add, "9223372036854775807", "0", "9223372036854775807"},
    {Add, "9223372036854775807", "1", "9223372036854775808"},
    {Add, "9223372036854775807", "-7", "9223372036854775800"},
    {Add, "9223372036854775807", "9007199254740993", "9232379236109516800"},
    {Add, "9223372036854775807", "9223372036854775807", "18446744073709551614"},
    {Add, "9223372036854775807", "-9223372036854775808", "-1"},
    {Add, "9223372036854775807", "9223372036854775808", "18446744073709551615"},
    {Add, "9223372036854775807", "-9223372036854775809", "-2"},
    {Add, "9223372036854775807", "-999999999999999999999999999993", "-999999999990776627963145224186"},
    {Add, "9223372036854775807", "3**100", "515377520732011331036461129774844644738962297808"},
    {Add, "-9223372036854775808", "0", "-9223372036854775808"},
    {Add, "-9223372036854775808", "1", "-9223372036854775807"},
    {Add, "-9223372036854775808", "-7", "-9223372036854775815"},
    {Add, "-9223372036854775808", "9007199254740993", "-9214364837600034815"},
    {Add, "-9223372036854775808", "9223372036854775807", "-1"},
    {Add, "-9223372036854775808", "-9223372036854775808", "-18446744073709551616"},
    {Add, "-9223372036854775808", "9223372036854775808", "0"},
    {Add, "-9223372036854775808", "-9223372036854775809", "-18446744073709551617"},
    {Add, "-9223372036854775808", "-999999999999999999999999999993", "-1000000000009223372036854775801"},
    {Add, "-9223372036854775808", "3**100", "515377520732011331036461129756397900665252746193"},
    {Add, "9223372036854775808", "0", "9223372036854775808"},
    {Add, "9223372036854775808", "1", "9223372036854775809"},
    {Add, "9223372036854775808", "-7", "9223372036854775801"},
    {Add, "9223372036854775808", "9007199254740993", "9232379236109516801"},
    {Add, "9223372036854775808", "9223372036854775807", "18446744073709551615"},
    {Add, "9223372036854775808", "-9223372036854775808", "0"},
    {Add, "9223372036854775808", "9223372036854775808", "18446744073709551616"},
    {Add, "9223372036854775808", "-9223372036854775809", "-1"},
    {Add, "9223372036854775808", "-999999999999999999999999999993", "-999999999990776627963145224185"},
    {Add, "9223372036854775808", "3**100", "515377520732011331036461129774844644738962297809"},
    {Add, "-9223372036854775809", "0", "-9223372036854775809"},
    {Add, "-9223372036854775809", "1", "-9223372036854775808"},
    {Add, "-9223372036854775809", "-7", "-9223372036854775816"},
    {Add, "-9223372036854775809", "9007199254740993", "-9214364837600034816"},
    {Add, "-9223372036854775809", "9223372036854775807", "-2"},
    {Add, "-9223372036854775809", "-9223372036854775808", "-18446744073709551617"},
    {Add, "-9223372036854775809", "9223372036854775808", "-1"},
    {Add, "-9223372036854775809", "-9223372036854775809", "-18446744073709551618"},
    {Add, "-9223372036854775809", "-999999999999999999999999999993", "-1000000000009223372036854775802"},
    {Add, "-9223372036854775809", "3**100", "515377520732011331036461129756397900665252746192"},
    {Add, "-999999999999999999999999999993", "0", "-999999999999999999999999999993"},
    {Add, "-999999999999999999999999999993", "1", "-999999999999999999999999999992"},
    {Add, "-999999999999999999999999999993", "-7", "-1000000000000000000000000000000"},
    {Add, "-999999999999999999999999999993", "9007199254740993", "-999999999999990992800745259000"},
    {Add, "-999999999999999999999999999993", "9223372036854775807", "-999999999990776627963145224186"},
    {Add, "-999999999999999999999999999993", "-9223372036854775808", "-1000000000009223372036854775801"},
    {Add, "-999999999999999999999999999993", "9223372036854775808", "-999999999990776627963145224185"},
    {Add, "-999999999999999999999999999993", "-9223372036854775809", "-1000000000009223372036854775802"},
    {Add, "-999999999999999999999999999993", "-999999999999999999999999999993", "-1999999999999999999999999999986"},
    {Add, "-999999999999999999999999999993", "3**100", "515377520732011330036461129765621272702107522008"},
    {Add, "3**100", "0", "515377520732011331036461129765621272702107522001"},
    {Add, "3**100", "1", "515377520732011331036461129765621272702107522002"},
    {Add, "3**100", "-7", "515377520732011331036461129765621272702107521994"},
    {Add, "3**100", "9007199254740993", "515377520732011331036461129765630279901362262994"},
    {Add, "3**100", "9223372036854775807", "515377520732011331036461129774844644738962297808"},
    {Add, "3**100", "-9223372036854775808", "515377520732011331036461129756397900665252746193"},
    {Add, "3**100", "9223372036854775808", "515377520732011331036461129774844644738962297809"},
    {Add, "3**100", "-9223372036854775809", "515377520732011331036461129756397900665252746192"},
    {Add, "3**100", "-999999999999999999999999999993", "515377520732011330036461129765621272702107522008"},
    {Add, "3**100", "3**100", "1030755041464022662072922259531242545404215044002"},
    {Add, "0", "0.0", "0.0"},
    {Add, "0.0", "0", "0.0"},
    {Add, "0", "-2.5", "-2.5"},
    {Add, "-2.5", "0", "-2.5"},
    {Add, "0", "1e+300", "1e+300"},
    {Add, "1e+300", "0", "1e+300"},
    {Add, "0", "9.223372036854776e+18", "9.223372036854776e+18"},
    {Add, "9.223372036854776e+18", "0", "9.223372036854776e+18"},
    {Add, "0", "inf", "inf"},
    {Add, "inf", "0", "inf"},
    {Add, "1", "0.0", "1.0"},
    {Add, "0.0", "1", "1.0"},
    {Add, "1", "-2.5", "-1.5"},
    {Add, "-2.5", "1", "-1.5"},
    {Add, "1", "1e+300", "1e+300"},
    {Add, "1e+300", "1", "1e+300"},
    {Add, "1", "9.223372036854776e+18", "9.223372036854776e+18"},
    {Add, "9.223372036854776e+18", "1", "9.223372036854776e+18"},
    {Add, "1", "inf", "inf"},
    {Add, "inf", "1", "inf"},
    {Add, "-7", "0.0", "-7.0"},
    {Add, "0.0", "-7", "-7.0"},
    {Add, "-7", "-2.5", "-9.5"},
    {Add, "-2.5", "-7", "-9.5"},
    {Add, "-7", "1e+300", "1e+300"},
    {Add, "1e+300", "-7", "1e+300"},
    {Add, "-7", "9.223372036854776e+18", "9.223372036854776e+18"},
    {Add, "9.223372036854776e+18", "-7", "9.223372036854776e+18"},
    {Add, "-7", "inf", "inf"},
    {Add, "inf", "-7", "inf"},
    {Add, "9007199254740993", "0.0", "9007199254740992.0"},
    {Add, "0.0", "9007199254740993", "9007199254740992.0"},
    {Add, "9007199254740993", "-2.5", "9007199254740990.0"},
    {Add, "-2.5", "9007199254740993", "9007199254740990.0"},
    {Add, "9007199254740993", "1e+300", "1e+300"},
    {Add, "1e+300", "9007199254740993", "1e+300"},
    {Add, "9007199254740993", "9.223372036854776e+18", "9.232379236109517e+18"},
    {Add, "9.223372036854776e+18", "9007199254740993", "9.232379236109517e+18"},
    {Add, "9007199254740993", "inf", "inf"},
    {Add, "inf", "9007199254740993", "inf"},
    {Add, "9223372036854775807", "0.0", "9.223372036854776e+18"},
    {Add, "0.0", "9223372036854775807", "9.223372036854776e+18"},
    {Add, "9223372036854775807", "-2.5", "9.223372036854776e+18"},
    {Add, "-2.5", "9223372036854775807", "9.223372036854776e+18"},
    {Add, "9223372036854775807", "1e+300", "1e+300"},
    {Add, "1e+300", "9223372036854775807", "1e+300"},
    {Add, "9223372036854775807", "9.223372036854776e+18", "1.8446744073709552e+19"},
    {Add, "9.223372036854776e+18", "9223372036854775807", "1.8446744073709552e+19"},
    {Add, "9223372036854775807", "inf", "inf"},
    {Add, "inf", "9223372036854775807", "inf"},
    {Add, "-9223372036854775808", "0.0", "-9.223372036854776e+18"},
    {Add, "0.0", "-9223372036854775808", "-9.223372036854776e+18"},
    {Add, "-9223372036854775808", "-2.5", "-9.223372036854776e+18"},
    {Add, "-2.5", "-9223372036854775808", "-9.223372036854776e+18"},
    {Add, "-9223372036854775808", "1e+300", "1e+300"},
    {Add, "1e+300", "-9223372036854775808", "1e+300"},
    {Add, "-9223372036854775808", "9.223372036854776e+18", "0.0"},
    {Add, "9.223372036854776e+18", "-9223372036854775808", "0.0"},
    {Add, "-9223372036854775808", "inf", "inf"},
    {Add, "inf", "-9223372036854775808", "inf"},
    {Add, "9223372036854775808", "0.0", "9.223372036854776e+18"},
    {Add, "0.0", "9223372036854775808", "9.223372036854776e+18"},
    {Add, "9223372036854775808", "-2.5", "9.223372036854776e+18"},
    {Add, "-2.5", "9223372036854775808", "9.223372036854776e+18"},
    {Add, "9223372036854775808", "1e+300", "1e+300"},
    {Add, "1e+300", "9223372036854775808", "1e+300"},
    {Add, "9223372036854775808", "9.223372036854776e+18", "1.8446744073709552e+19"},
    {Add, "9.223372036854776e+18", "9223372036854775808", "1.8446744073709552e+19"},
    {Add, "9223372036854775808", "inf", "inf"},
    {Add, "inf", "9223372036854775808", "inf"},
    {Add, "-9223372036854775809", "0.0", "-9.223372036854776e+18"},
    {Add, "0.0", "-9223372036854775809", "-9.223372036854776e+18"},
    {Add, "-9223372036854775809", "-2.5", "-9.223372036854776e+18"},
    {Add, "-2.5", "-9223372036854775809", "-9.223372036854776e+18"},
    {Add, "-9223372036854775809", "1e+300", "1e+300"},
    {Add, "1e+300", "-9223372036854775809", "1e+300"},
    {Add, "-9223372036854775809", "9.223372036854776e+18", "0.0"},
    {Add, "9.223372036854776e+18", "-9223372036854775809", "0.0"},
    {Add, "-9223372036854775809", "inf", "inf"},
    {Add, "inf", "-9223372036854775809", "inf"},
    {Add, "-999999999999999999999999999993", "0.0", "-1e+30"},
    {Add, "0.0", "-999999999999999999999999999993", "-1e+30"},
    {Add, "-999999999999999999999999999993", "-2.5", "-1e+30"},
    {Add, "-2.5", "-999999999999999999999999999993", "-1e+30"},
    {Add, "-999999999999999999999999999993", "1e+300", "1e+300"},
    {Add, "1e+300", "-999999999999999999999999999993", "1e+300"},
    {Add, "-999999999999999999999999999993", "9.223372036854776e+18", "-9.999999999907766e+29"},
    {Add, "9.223372036854776e+18", "-999999999999999999999999999993", "-9.999999999907766e+29"},
    {Add, "-999999999999999999999999999993", "inf", "inf"},
    {Add, "inf", "-999999999999999999999999999993", "inf"},
    {Add, "3**100", "0.0", "5.153775207320113e+47"},
    {Add, "0.0", "3**100", "5.153775207320113e+47"},
    {Add, "3**100", "-2.5", "5.153775207320113e+47"},
    {Add, "-2.5", "3**100", "5.153775207320113e+47"},
    {Add, "3**100", "1e+300", "1e+300"},
    {Add, "1e+300", "3**100", "1e+300"},
    {Add, "3**100", "9.223372036854776e+18", "5.153775207320113e+47"},
    {Add, "9.223372036854776e+18", "3**100", "5.153775207320113e+47"},
    {Add, "3**100", "inf", "inf"},
    {Add, "inf", "3**100", "inf"},
    {Add, "10**400", "0.0", "!int too large to convert to float"},
    {Add, "0.0", "10**400", "!int too large to convert to float"},
    {Add, "10**400", "-2.5", "!int too large to convert to float"},
    {Add, "-2.5", "10**400", "!int too large to convert to float"},
    {Add, "10**400", "1e+300", "!int too large to convert to float"},
    {Add, "1e+300", "10**400", "!int too large to convert to float"},
    {Add, "10**400", "9.223372036854776e+18", "!int too large to convert to float"},
    {Add, "9.223372036854776e+18", "10**400", "!int too large to convert to float"},
    {Add, "10**400", "inf", "!int too large to convert to float"},
    {Add, "inf", "10**400", "!int too large to convert to float"},
    {Sub, "0", "0", "0"},
    {Sub, "0", "1", "-1"},
    {Sub, "0", "-7", "7"},
    {Sub, "0", "9007199254740993", "-9007199254740993"},
    {Sub, "0", "9223372036854775807", "-9223372036854775807"},
    {Sub, "0", "-9223372036854775808", "9223372036854775808"},
    {Sub, "0", "9223372036854775808", "-9223372036854775808"},
    {Sub, "0", "-9223372036854775809", "9223372036854775809"},
    {Sub, "0", "-999999999999999999999999999993", "999999999999999999999999999993"},
    {Sub, "0", "3**100", "-515377520732011331036461129765621272702107522001"},
    {Sub, "1", "0", "1"},
    {Sub, "1", "1", "0"},
    {Sub, "1", "-7", "8"},
    {Sub, "1", "9007199254740993", "-9007199254740992"},
    {Sub, "1", "9223372036854775807", "-9223372036854775806"},
    {Sub, "1", "-9223372036854775808", "9223372036854775809"},
    {Sub, "1", "9223372036854775808", "-9223372036854775807"},
    {Sub, "1", "-9223372036854775809", "9223372036854775810"},
    {Sub, "1", "-999999999999999999999999999993", "999999999999999999999999999994"},
    {Sub, "1", "3**100", "-515377520732011331036461129765621272702107522000"},
    {Sub, "-7", "0", "-7"},
    {Sub, "-7", "1", "-8"},
    {Sub, "-7", "-7", "0"},
    {Sub, "-7", "9007199254740993", "-9007199254741000"},
    {Sub, "-7", "9223372036854775807", "-9223372036854775814"},
    {Sub, "-7", "-9223372036854775808", "9223372036854775801"},
    {Sub, "-7", "9223372036854775808", "-9223372036854775815"},
    {Sub, "-7", "-9223372036854775809", "9223372036854775802"},
    {Sub, "-7", "-999999999999999999999999999993", "999999999999999999999999999986"},
    {Sub, "-7", "3**100", "-515377520732011331036461129765621272702107522008"},
    {Sub, "9007199254740993", "0", "9007199254740993"},
    {Sub, "9007199254740993", "1", "9007199254740992"},
    {Sub, "9007199254740993", "-7", "9007199254741000"},
    {Sub, "9007199254740993", "9007199254740993", "0"},
    {Sub, "9007199254740993", "9223372036854775807", "-9214364837600034814"},
    {Sub, "9007199254740993", "-9223372036854775808", "9232379236109516801"},
    {Sub, "9007199254740993", "9223372036854775808", "-9214364837600034815"},
    {Sub, "9007199254740993", "-9223372036854775809", "9232379236109516802"},
    {Sub, "9007199254740993", "-999999999999999999999999999993", "1000000000000009007199254740986"},
    {Sub, "9007199254740993", "3**100", "-515377520732011331036461129765612265502852781008"},
    {Sub, "9223372036854775807", "0", "9223372036854775807"},
    {Sub, "9223372036854775807", "1", "9223372036854775806"},
    {Sub, "9223372036854775807", "-7", "9223372036854775814"},
    {Sub, "9223372036854775807", "9007199254740993", "9214364837600034814"},
    {Sub, "9223372036854775807", "9223372036854775807", "0"},
    {Sub, "9223372036854775807", "-9223372036854775808", "18446744073709551615"},
    {Sub, "9223372036854775807", "9223372036854775808", "-1"},
    {Sub, "9223372036854775807", "-9223372036854775809", "18446744073709551616"},
    {Sub, "9223372036854775807", "-999999999999999999999999999993", "1000000000009223372036854775800"},
    {Sub, "9223372036854775807", "3**100", "-515377520732011331036461129756397900665252746194"},
    {Sub, "-9223372036854775808", "0", "-9223372036854775808"},
    {Sub, "-9223372036854775808", "1", "-9223372036854775809"},
    {Sub, "-9223372036854775808", "-7", "-9223372036854775801"},
    {Sub, "-9223372036854775808", "9007199254740993", "-9232379236109516801"},
    {Sub, "-9223372036854775808", "9223372036854775807", "-18446744073709551615"},
    {Sub, "-9223372036854775808", "-9223372036854775808", "0"},
    {Sub, "-9223372036854775808", "9223372036854775808", "-18446744073709551616"},
    {Sub, "-9223372036854775808", "-9223372036854775809", "1"},
    {Sub, "-9223372036854775808", "-999999999999999999999999999993", "999999999990776627963145224185"},
    {Sub, "-9223372036854775808", "3**100", "-515377520732011331036461129774844644738962297809"},
    {Sub, "9223372036854775808", "0", "9223372036854775808"},
    {Sub, "9223372036854775808", "1", "9223372036854775807"},
    {Sub, "9223372036854775808", "-7", "9223372036854775815"},
    {Sub, "9223372036854775808", "9007199254740993", "9214364837600034815"},
    {Sub, "9223372036854775808", "9223372036854775807", "1"},
    {Sub, "9223372036854775808", "-9223372036854775808", "18446744073709551616"},
    {Sub, "9223372036854775808", "9223372036854775808", "0"},
    {Sub, "9223372036854775808", "-9223372036854775809", "18446744073709551617"},
    {Sub, "9223372036854775808", "-999999999999999999999999999993", "1000000000009223372036854775801"},
    {Sub, "9223372036854775808", "3**100", "-515377520732011331036461129756397900665252746193"},
    {Sub, "-9223372036854775809", "0", "-9223372036854775809"},
    {Sub, "-9223372036854775809", "1", "-9223372036854775810"},
    {Sub, "-9223372036854775809", "-7", "-9223372036854775802"},
    {Sub, "-9223372036854775809", "9007199254740993", "-9232379236109516802"},
    {Sub, "-9223372036854775809", "9223372036854775807", "-18446744073709551616"},
    {Sub, "-9223372036854775809", "-9223372036854775808", "-1"},
    {Sub, "-9223372036854775809", "9223372036854775808", "-18446744073709551617"},
    {Sub, "-9223372036854775809", "-9223372036854775809", "0"},
    {Sub, "-9223372036854775809", "-999999999999999999999999999993", "999999999990776627963145224184"},
    {Sub, "-9223372036854775809", "3**100", "-515377520732011331036461129774844644738962297810"},
    {Sub, "-999999999999999999999999999993", "0", "-999999999999999999999999999993"},
    {Sub, "-999999999999999999999999999993", "1", "-999999999999999999999999999994"},
    {Sub, "-999999999999999999999999999993", "-7", "-999999999999999999999999999986"},
    {Sub, "-999999999999999999999999999993", "9007199254740993", "-1000000000000009007199254740986"},
    {Sub, "-999999999999999999999999999993", "9223372036854775807", "-1000000000009223372036854775800"},
    {Sub, "-999999999999999999999999999993", "-9223372036854775808", "-999999999990776627963145224185"},
    {Sub, "-999999999999999999999999999993", "9223372036854775808", "-1000000000009223372036854775801"},
    {Sub, "-999999999999999999999999999993", "-9223372036854775809", "-999999999990776627963145224184"},
    {Sub, "-999999999999999999999999999993", "-999999999999999999999999999993", "0"},
    {Sub, "-999999999999999999999999999993", "3**100", "-515377520732011332036461129765621272702107521994"},
    {Sub, "3**100", "0", "515377520732011331036461129765621272702107522001"},
    {Sub, "3**100", "1", "515377520732011331036461129765621272702107522000"},
    {Sub, "3**100", "-7", "515377520732011331036461129765621272702107522008"},
    {Sub, "3**100", "9007199254740993", "515377520732011331036461129765612265502852781008"},
    {Sub, "3**100", "9223372036854775807", "515377520732011331036461129756397900665252746194"},
    {Sub, "3**100", "-9223372036854775808", "515377520732011331036461129774844644738962297809"},
    {Sub, "3**100", "9223372036854775808", "515377520732011331036461129756397900665252746193"},
    {Sub, "3**100", "-9223372036854775809", "515377520732011331036461129774844644738962297810"},
    {Sub, "3**100", "-999999999999999999999999999993", "515377520732011332036461129765621272702107521994"},
    {Sub, "3**100", "3**100", "0"},
    {Sub, "10**400", "10**400", "0"},
    {Mul, "0", "0", "0"},
    {Mul, "0", "1", "0"},
    {Mul, "0", "-7", "0"},
    {Mul, "0", "9007199254740993", "0"},
    {Mul, "0", "9223372036854775807", "0"},
    {Mul, "0", "-9223372036854775808", "0"},
    {Mul, "0", "9223372036854775808", "0"},
    {Mul, "0", "-9223372036854775809", "0"},
    {Mul, "0", "-999999999999999999999999999993", "0"},
    {Mul, "0", "3**100", "0"},
    {Mul, "0", "10**400", "0"},
    {Mul, "1", "0", "0"},
    {Mul, "1", "1", "1"},
    {Mul, "1", "-7", "-7"},
    {Mul, "1", "9007199254740993", "9007199254740993"},
    {Mul, "1", "9223372036854775807", "9223372036854775807"},
    {Mul, "1", "-9223372036854775808", "-9223372036854775808"},
    {Mul, "1", "9223372036854775808", "9223372036854775808"},
    {Mul, "1", "-9223372036854775809", "-9223372036854775809"},
    {Mul, "1", "-999999999999999999999999999993", "-999999999999999999999999999993"},
    {Mul, "1", "3**100", "515377520732011331036461129765621272702107522001"},
    {Mul, "-7", "0", "0"},
    {Mul, "-7", "1", "-7"},
    {Mul, "-7", "-7", "49"},
    {Mul, "-7", "9007199254740993", "-63050394783186951"},
    {Mul, "-7", "9223372036854775807", "-64563604257983430649"},
    {Mul, "-7", "-9223372036854775808", "64563604257983430656"},
    {Mul, "-7", "9223372036854775808", "-64563604257983430656"},
    {Mul, "-7", "-9223372036854775809", "64563604257983430663"},
    {Mul, "-7", "-999999999999999999999999999993", "6999999999999999999999999999951"},
    {Mul, "-7", "3**100", "-3607642645124079317255227908359348908914752654007"},
    {Mul, "9007199254740993", "0", "0"},
    {Mul, "9007199254740993", "1", "9007199254740993"},
    {Mul, "9007199254740993", "-7", "-63050394783186951"},
    {Mul, "9007199254740993", "9007199254740993", "81129638414606699710187514626049"},
    {Mul, "9007199254740993", "9223372036854775807", "83076749736557251270852778867556351"},
    {Mul, "9007199254740993", "-9223372036854775808", "-83076749736557251279859978122297344"},
    {Mul, "9007199254740993", "9223372036854775808", "83076749736557251279859978122297344"},
    {Mul, "9007199254740993", "-9223372036854775809", "-83076749736557251288867177377038337"},
    {Mul, "9007199254740993", "-999999999999999999999999999993", "-9007199254740992999999999999936949605216813049"},
    {Mul, "9007199254740993", "3**100", "4642108020647633130050935007043601564257370440118548546304086993"},
    {Mul, "9223372036854775807", "0", "0"},
    {Mul, "9223372036854775807", "1", "9223372036854775807"},
    {Mul, "9223372036854775807", "-7", "-64563604257983430649"},
    {Mul, "9223372036854775807", "9007199254740993", "83076749736557251270852778867556351"},
    {Mul, "9223372036854775807", "9223372036854775807", "85070591730234615847396907784232501249"},
    {Mul, "9223372036854775807", "-9223372036854775808", "-85070591730234615856620279821087277056"},
    {Mul, "9223372036854775807", "9223372036854775808", "85070591730234615856620279821087277056"},
    {Mul, "9223372036854775807", "-9223372036854775809", "-85070591730234615865843651857942052863"},
    {Mul, "9223372036854775807", "-999999999999999999999999999993", "-9223372036854775806999999999935436395742016569351"},
    {Mul, "9223372036854775807", "3**100", "4753518613143175796910198696901033689426889320919589191755175029807"},
    {Mul, "-9223372036854775808", "0", "0"},
    {Mul, "-9223372036854775808", "1", "-9223372036854775808"},
    {Mul, "-9223372036854775808", "-7", "64563604257983430656"},
    {Mul, "-9223372036854775808", "9007199254740993", "-83076749736557251279859978122297344"},
    {Mul, "-9223372036854775808", "9223372036854775807", "-85070591730234615856620279821087277056"},
    {Mul, "-9223372036854775808", "-9223372036854775808", "85070591730234615865843651857942052864"},
    {Mul, "-9223372036854775808", "9223372036854775808", "-85070591730234615865843651857942052864"},
    {Mul, "-9223372036854775808", "-9223372036854775809", "85070591730234615875067023894796828672"},
    {Mul, "-9223372036854775808", "-999999999999999999999999999993", "9223372036854775807999999999935436395742016569344"},
    {Mul, "-9223372036854775808", "3**100", "-4753518613143175797425576217633045020463350450685210464457282551808"},
    {Mul, "9223372036854775808", "0", "0"},
    {Mul, "9223372036854775808", "1", "9223372036854775808"},
    {Mul, "9223372036854775808", "-7", "-64563604257983430656"},
    {Mul, "9223372036854775808", "9007199254740993", "83076749736557251279859978122297344"},
    {Mul, "9223372036854775808", "9223372036854775807", "85070591730234615856620279821087277056"},
    {Mul, "9223372036854775808", "-9223372036854775808", "-85070591730234615865843651857942052864"},
    {Mul, "9223372036854775808", "9223372036854775808", "85070591730234615865843651857942052864"},
    {Mul, "9223372036854775808", "-9223372036854775809", "-85070591730234615875067023894796828672"},
    {Mul, "9223372036854775808", "-999999999999999999999999999993", "-9223372036854775807999999999935436395742016569344"},
    {Mul, "9223372036854775808", "3**100", "4753518613143175797425576217633045020463350450685210464457282551808"},
    {Mul, "-9223372036854775809", "0", "0"},
    {Mul, "-9223372036854775809", "1", "-9223372036854775809"},
    {Mul, "-9223372036854775809", "-7", "64563604257983430663"},
    {Mul, "-9223372036854775809", "9007199254740993", "-83076749736557251288867177377038337"},
    {Mul, "-9223372036854775809", "9223372036854775807", "-85070591730234615865843651857942052863"},
    {Mul, "-9223372036854775809", "-9223372036854775808", "85070591730234615875067023894796828672"},
    {Mul, "-9223372036854775809", "9223372036854775808", "-85070591730234615875067023894796828672"},
    {Mul, "-9223372036854775809", "-9223372036854775809", "85070591730234615884290395931651604481"},
    {Mul, "-9223372036854775809", "-999999999999999999999999999993", "9223372036854775808999999999935436395742016569337"},
    {Mul, "-9223372036854775809", "3**100", "-4753518613143175797940953738365056351499811580450831737159390073809"},
    {Mul, "-999999999999999999999999999993", "0", "0"},
    {Mul, "-999999999999999999999999999993", "1", "-999999999999999999999999999993"},
    {Mul, "-999999999999999999999999999993", "-7", "6999999999999999999999999999951"},
    {Mul, "-999999999999999999999999999993", "9007199254740993", "-9007199254740992999999999999936949605216813049"},
    {Mul, "-999999999999999999999999999993", "9223372036854775807", "-9223372036854775806999999999935436395742016569351"},
    {Mul, "-999999999999999999999999999993", "-9223372036854775808", "9223372036854775807999999999935436395742016569344"},
    {Mul, "-999999999999999999999999999993", "9223372036854775808", "-9223372036854775807999999999935436395742016569344"},
    {Mul, "-999999999999999999999999999993", "-9223372036854775809", "9223372036854775808999999999935436395742016569337"},
    {Mul, "-999999999999999999999999999993", "-999999999999999999999999999993", "999999999999999999999999999986000000000000000000000000000049"},
    {Mul, "-999999999999999999999999999993", "3**100", "-515377520732011331036461129762013630056983442683744772091640651091085247345993"},
    {Mul, "3**100", "0", "0"},
    {Mul, "3**100", "1", "515377520732011331036461129765621272702107522001"},
    {Mul, "3**100", "-7", "-3607642645124079317255227908359348908914752654007"},
    {Mul, "3**100", "9007199254740993", "4642108020647633130050935007043601564257370440118548546304086993"},
    {Mul, "3**100", "9223372036854775807", "4753518613143175796910198696901033689426889320919589191755175029807"},
    {Mul, "3**100", "-9223372036854775808", "-4753518613143175797425576217633045020463350450685210464457282551808"},
    {Mul, "3**100", "9223372036854775808", "4753518613143175797425576217633045020463350450685210464457282551808"},
    {Mul, "3**100", "-9223372036854775809", "-4753518613143175797940953738365056351499811580450831737159390073809"},
    {Mul, "3**100", "-999999999999999999999999999993", "-515377520732011331036461129762013630056983442683744772091640651091085247345993"},
    {Mul, "3**100", "3**100", "265613988875874769338781322035779626829233452653394495974574961739092490901302182994384699044001"},
    {Mul, "10**400", "0", "0"},
    {Div, "0", "0", "!division by zero"},
    {Div, "0", "1", "0.0"},
    {Div, "0", "-7", "-0.0"},
    {Div, "0", "9007199254740993", "0.0"},
    {Div, "0", "9223372036854775807", "0.0"},
    {Div, "0", "-9223372036854775808", "-0.0"},
    {Div, "0", "9223372036854775808", "0.0"},
    {Div, "0", "-9223372036854775809", "-0.0"},
    {Div, "0", "-999999999999999999999999999993", "-0.0"},
    {Div, "0", "3**100", "0.0"},
    {Div, "0", "10**400", "0.0"},
    {Div, "1", "0", "!division by zero"},
    {Div, "1", "1", "1.0"},
    {Div, "1", "-7", "-0.14285714285714285"},
    {Div, "1", "9007199254740993", "1.1102230246251564e-16"},
    {Div, "1", "9223372036854775807", "1.0842021724855044e-19"},
    {Div, "1", "-9223372036854775808", "-1.0842021724855044e-19"},
    {Div, "1", "9223372036854775808", "1.0842021724855044e-19"},
    {Div, "1", "-9223372036854775809", "-1.0842021724855044e-19"},
    {Div, "1", "-999999999999999999999999999993", "-1e-30"},
    {Div, "1", "3**100", "1.9403252174826328e-48"},
    {Div, "1", "10**400", "0.0"},
    {Div, "-7", "0", "!division by zero"},
    {Div, "-7", "1", "-7.0"},
    {Div, "-7", "-7", "1.0"},
    {Div, "-7", "9007199254740993", "-7.771561172376095e-16"},
    {Div, "-7", "9223372036854775807", "-7.589415207398531e-19"},
    {Div, "-7", "-9223372036854775808", "7.589415207398531e-19"},
    {Div, "-7", "9223372036854775808", "-7.589415207398531e-19"},
    {Div, "-7", "-9223372036854775809", "7.589415207398531e-19"},
    {Div, "-7", "-999999999999999999999999999993", "7e-30"},
    {Div, "-7", "3**100", "-1.358227652237843e-47"},
    {Div, "-7", "10**400", "-0.0"},
    {Div, "9007199254740993", "0", "!division by zero"},
    {Div, "9007199254740993", "1", "9007199254740992.0"},
    {Div, "9007199254740993", "-7", "-1286742750677284.8"},
    {Div, "9007199254740993", "9007199254740993", "1.0"},
    {Div, "9007199254740993", "9223372036854775807", "0.0009765625000000002"},
    {Div, "9007199254740993", "-9223372036854775808", "-0.0009765625"},
    {Div, "9007199254740993", "9223372036854775808", "0.0009765625"},
    {Div, "9007199254740993", "-9223372036854775809", "-0.0009765625"},
    {Div, "9007199254740993", "-999999999999999999999999999993", "-9.007199254740993e-15"},
    {Div, "9007199254740993", "3**100", "1.7476895852864726e-32"},
    {Div, "9007199254740993", "10**400", "0.0"},
    {Div, "9223372036854775807", "0", "!division by zero"},
    {Div, "9223372036854775807", "1", "9.223372036854776e+18"},
    {Div, "9223372036854775807", "-7", "-1.3176245766935393e+18"},
    {Div, "9223372036854775807", "9007199254740993", "1023.9999999999999"},
    {Div, "9223372036854775807", "9223372036854775807", "1.0"},
    {Div, "9223372036854775807", "-9223372036854775808", "-1.0"},
    {Div, "9223372036854775807", "9223372036854775808", "1.0"},
    {Div, "9223372036854775807", "-9223372036854775809", "-1.0"},
    {Div, "9223372036854775807", "-999999999999999999999999999993", "-9.223372036854777e-12"},
    {Div, "9223372036854775807", "3**100", "1.7896341353333477e-29"},
    {Div, "9223372036854775807", "10**400", "0.0"},
    {Div, "-9223372036854775808", "0", "!division by zero"},
    {Div, "-9223372036854775808", "1", "-9.223372036854776e+18"},
    {Div, "-9223372036854775808", "-7", "1.3176245766935393e+18"},
    {Div, "-9223372036854775808", "9007199254740993", "-1023.9999999999999"},
    {Div, "-9223372036854775808", "9223372036854775807", "-1.0"},
    {Div, "-9223372036854775808", "-9223372036854775808", "1.0"},
    {Div, "-9223372036854775808", "9223372036854775808", "-1.0"},
    {Div, "-9223372036854775808", "-9223372036854775809", "1.0"},
    {Div, "-9223372036854775808", "-999999999999999999999999999993", "9.223372036854777e-12"},
    {Div, "-9223372036854775808", "3**100", "-1.7896341353333477e-29"},
    {Div, "-9223372036854775808", "10**400", "-0.0"},
    {Div, "9223372036854775808", "0", "!division by zero"},
    {Div, "9223372036854775808", "1", "9.223372036854776e+18"},
    {Div, "9223372036854775808", "-7", "-1.3176245766935393e+18"},
    {Div, "9223372036854775808", "9007199254740993", "1023.9999999999999"},
    {Div, "9223372036854775808", "9223372036854775807", "1.0"},
    {Div, "9223372036854775808", "-9223372036854775808", "-1.0"},
    {Div, "9223372036854775808", "9223372036854775808", "1.0"},
    {Div, "9223372036854775808", "-9223372036854775809", "-1.0"},
    {Div, "9223372036854775808", "-999999999999999999999999999993", "-9.223372036854777e-12"},
    {Div, "9223372036854775808", "3**100", "1.7896341353333477e-29"},
    {Div, "9223372036854775808", "10**400", "0.0"},
    {Div, "-9223372036854775809", "0", "!division by zero"},
    {Div, "-9223372036854775809", "1", "-9.223372036854776e+18"},
    {Div, "-9223372036854775809", "-7", "1.3176245766935393e+18"},
    {Div, "-9223372036854775809", "9007199254740993", "-1023.9999999999999"},
    {Div, "-9223372036854775809", "9223372036854775807", "-1.0"},
    {Div, "-9223372036854775809", "-9223372036854775808", "1.0"},
    {Div, "-9223372036854775809", "9223372036854775808", "-1.0"},
    {Div, "-9223372036854775809", "-9223372036854775809", "1.0"},
    {Div, "-9223372036854775809", "-999999999999999999999999999993", "9.223372036854777e-12"},
    {Div, "-9223372036854775809", "3**100", "-1.7896341353333477e-29"},
    {Div, "-9223372036854775809", "10**400", "-0.0"},
    {Div, "-999999999999999999999999999993", "0", "!division by zero"},
    {Div, "-999999999999999999999999999993", "1", "-1e+30"},
    {Div, "-999999999999999999999999999993", "-7", "1.4285714285714285e+29"},
    {Div, "-999999999999999999999999999993", "9007199254740993", "-111022302462515.64"},
    {Div, "-999999999999999999999999999993", "9223372036854775807", "-108420217248.55045"},
    {Div, "-999999999999999999999999999993", "-9223372036854775808", "108420217248.55045"},
    {Div, "-999999999999999999999999999993", "9223372036854775808", "-108420217248.55045"},
    {Div, "-999999999999999999999999999993", "-9223372036854775809", "108420217248.55045"},
    {Div, "-999999999999999999999999999993", "-999999999999999999999999999993", "1.0"},
    {Div, "-999999999999999999999999999993", "3**100", "-1.9403252174826327e-18"},
    {Div, "-999999999999999999999999999993", "10**400", "-0.0"},
    {Div, "3**100", "0", "!division by zero"},
    {Div, "3**100", "1", "5.153775207320113e+47"},
    {Div, "3**100", "-7", "-7.362536010457305e+46"},
    {Div, "3**100", "9007199254740993", "5.721839898909078e+31"},
    {Div, "3**100", "9223372036854775807", "5.587734276278398e+28"},
    {Div, "3**100", "-9223372036854775808", "-5.587734276278398e+28"},
    {Div, "3**100", "9223372036854775808", "5.587734276278398e+28"},
    {Div, "3**100", "-9223372036854775809", "-5.587734276278398e+28"},
    {Div, "3**100", "-999999999999999999999999999993", "-5.153775207320113e+17"},
    {Div, "3**100", "3**100", "1.0"},
    {Div, "3**100", "10**400", "0.0"},
    {Div, "10**400", "0", "!division by zero"},
    {Div, "10**400", "1", "!integer division result too large for a float"},
    {Div, "10**400", "-7", "!integer division result too large for a float"},
    {Div, "10**400", "9007199254740993", "!integer division result too large for a float"},
    {Div, "10**400", "9223372036854775807", "!integer division result too large for a float"},
    {Div, "10**400", "-9223372036854775808", "!integer division result too large for a float"},
    {Div, "10**400", "9223372036854775808", "!integer division result too large for a float"},
    {Div, "10**400", "-9223372036854775809", "!integer division result too large for a float"},
    {Div, "10**400", "-999999999999999999999999999993", "!integer division result too large for a float"},
    {Div, "10**400", "3**100", "!integer division result too large for a float"},
    {Div, "10**400", "10**400", "1.0"},
    {Div, "0", "0.0", "!float division by zero"},
    {Div, "0.0", "0", "!float division by zero"},
    {Div, "0", "-2.5", "-0.0"},
    {Div, "-2.5", "0", "!float division by zero"},
    {Div, "0", "1e+300", "0.0"},
    {Div, "1e+300", "0", "!float division by zero"},
    {Div, "0", "9.223372036854776e+18", "0.0"},
    {Div, "9.223372036854776e+18", "0", "!float division by zero"},
    {Div, "0", "inf", "0.0"},
    {Div, "inf", "0", "!float division by zero"},
    {Div, "1", "0.0", "!float division by zero"},
    {Div, "0.0", "1", "0.0"},
    {Div, "1", "-2.5", "-0.4"},
    {Div, "-2.5", "1", "-2.5"},
    {Div, "1", "1e+300", "1e-300"},
    {Div, "1e+300", "1", "1e+300"},
    {Div, "1", "9.223372036854776e+18", "1.0842021724855044e-19"},
    {Div, "9.223372036854776e+18", "1", "9.223372036854776e+18"},
    {Div, "1", "inf", "0.0"},
    {Div, "inf", "1", "inf"},
    {Div, "-7", "0.0", "!float division by zero"},
    {Div, "0.0", "-7", "-0.0"},
    {Div, "-7", "-2.5", "2.8"},
    {Div, "-2.5", "-7", "0.35714285714285715"},
    {Div, "-7", "1e+300", "-6.999999999999999e-300"},
    {Div, "1e+300", "-7", "-1.4285714285714286e+299"},
    {Div, "-7", "9.223372036854776e+18", "-7.589415207398531e-19"},
    {Div, "9.223372036854776e+18", "-7", "-1.3176245766935393e+18"},
    {Div, "-7", "inf", "-0.0"},
    {Div, "inf", "-7", "-inf"},
    {Div, "9007199254740993", "0.0", "!float division by zero"},
    {Div, "0.0", "9007199254740993", "0.0"},
    {Div, "9007199254740993", "-2.5", "-3602879701896397.0"},
    {Div, "-2.5", "9007199254740993", "-2.7755575615628914e-16"},
    {Div, "9007199254740993", "1e+300", "9.007199254740992e-285"},
    {Div, "1e+300", "9007199254740993", "1.1102230246251566e+284"},
    {Div, "9007199254740993", "9.223372036854776e+18", "0.0009765625"},
    {Div, "9.223372036854776e+18", "9007199254740993", "1024.0"},
    {Div, "9007199254740993", "inf", "0.0"},
    {Div, "inf", "9007199254740993", "inf"},
    {Div, "9223372036854775807", "0.0", "!float division by zero"},
    {Div, "0.0", "9223372036854775807", "0.0"},
    {Div, "9223372036854775807", "-2.5", "-3.6893488147419105e+18"},
    {Div, "-2.5", "9223372036854775807", "-2.710505431213761e-19"},
    {Div, "9223372036854775807", "1e+300", "9.223372036854776e-282"},
    {Div, "1e+300", "9223372036854775807", "1.0842021724855045e+281"},
    {Div, "9223372036854775807", "9.223372036854776e+18", "1.0"},
    {Div, "9.223372036854776e+18", "9223372036854775807", "1.0"},
    {Div, "9223372036854775807", "inf", "0.0"},
    {Div, "inf", "9223372036854775807", "inf"},
    {Div, "-9223372036854775808", "0.0", "!float division by zero"},
    {Div, "0.0", "-9223372036854775808", "-0.0"},
    {Div, "-9223372036854775808", "-2.5", "3.6893488147419105e+18"},
    {Div, "-2.5", "-9223372036854775808", "2.710505431213761e-19"},
    {Div, "-9223372036854775808", "1e+300", "-9.223372036854776e-282"},
    {Div, "1e+300", "-9223372036854775808", "-1.0842021724855045e+281"},
    {Div, "-9223372036854775808", "9.223372036854776e+18", "-1.0"},
    {Div, "9.223372036854776e+18", "-9223372036854775808", "-1.0"},
    {Div, "-9223372036854775808", "inf", "-0.0"},
    {Div, "inf", "-9223372036854775808", "-inf"},
    {Div, "9223372036854775808", "0.0", "!float division by zero"},
    {Div, "0.0", "9223372036854775808", "0.0"},
    {Div, "9223372036854775808", "-2.5", "-3.6893488147419105e+18"},
    {Div, "-2.5", "9223372036854775808", "-2.710505431213761e-19"},
    {Div, "9223372036854775808", "1e+300", "9.223372036854776e-282"},
    {Div, "1e+300", "9223372036854775808", "1.0842021724855045e+281"},
    {Div, "9223372036854775808", "9.223372036854776e+18", "1.0"},
    {Div, "9.223372036854776e+18", "9223372036854775808", "1.0"},
    {Div, "9223372036854775808", "inf", "0.0"},
    {Div, "inf", "9223372036854775808", "inf"},
    {Div, "-9223372036854775809", "0.0", "!float division by zero"},
    {Div, "0.0", "-9223372036854775809", "-0.0"},
    {Div, "-9223372036854775809", "-2.5", "3.6893488147419105e+18"},
    {Div, "-2.5", "-9223372036854775809", "2.710505431213761e-19"},
    {Div, "-9223372036854775809", "1e+300", "-9.223372036854776e-282"},
    {Div, "1e+300", "-9223372036854775809", "-1.0842021724855045e+281"},
    {Div, "-9223372036854775809", "9.223372036854776e+18", "-1.0"},
    {Div, "9.223372036854776e+18", "-9223372036854775809", "-1.0"},
    {Div, "-9223372036854775809", "inf", "-0.0"},
    {Div, "inf", "-9223372036854775809", "-inf"},
    {Div, "-999999999999999999999999999993", "0.0", "!float division by zero"},
    {Div, "0.0", "-999999999999999999999999999993", "-0.0"},
    {Div, "-999999999999999999999999999993", "-2.5", "4.0000000000000004e+29"},
    {Div, "-2.5", "-999999999999999999999999999993", "2.5e-30"},
    {Div, "-999999999999999999999999999993", "1e+300", "-1e-270"},
    {Div, "1e+300", "-999999999999999999999999999993", "-1e+270"},
    {Div, "-999999999999999999999999999993", "9.223372036854776e+18", "-108420217248.55045"},
    {Div, "9.223372036854776e+18", "-999999999999999999999999999993", "-9.223372036854775e-12"},
    {Div, "-999999999999999999999999999993", "inf", "-0.0"},
    {Div, "inf", "-999999999999999999999999999993", "-inf"},
    {Div, "3**100", "0.0", "!float division by zero"},
    {Div, "0.0", "3**100", "0.0"},
    {Div, "3**100", "-2.5", "-2.061510082928045e+47"},
    {Div, "-2.5", "3**100", "-4.8508130437065824e-48"},
    {Div, "3**100", "1e+300", "5.1537752073201127e-253"},
    {Div, "1e+300", "3**100", "1.940325217482633e+252"},
    {Div, "3**100", "9.223372036854776e+18", "5.587734276278398e+28"},
    {Div, "9.223372036854776e+18", "3**100", "1.7896341353333477e-29"},
    {Div, "3**100", "inf", "0.0"},
    {Div, "inf", "3**100", "inf"},
    {Div, "10**400", "0.0", "!int too large to convert to float"},
    {Div, "0.0", "10**400", "!int too large to convert to float"},
    {Div, "10**400", "-2.5", "!int too large to convert to float"},
    {Div, "-2.5", "10**400", "!int too large to convert to float"},
    {Div, "10**400", "1e+300", "!int too large to convert to float"},
    {Div, "1e+300", "10**400", "!int too large to convert to float"},
    {Div, "10**400", "9.223372036854776e+18", "!int too large to convert to float"},
    {Div, "9.223372036854776e+18", "10**400", "!int too large to convert to float"},
    {Div, "10**400", "inf", "!int too large to convert to float"},
    {Div, "inf", "10**400", "!int too large to convert to float"},
    {Mod, "0", "0", "!integer modulo by zero"},
    {Mod, "0", "1", "0"},
    {Mod, "0", "-7", "0"},
    {Mod, "0", "9007199254740993", "0"},
    {Mod, "0", "9223372036854775807", "0"},
    {Mod, "0", "-9223372036854775808", "0"},
    {Mod, "0", "9223372036854775808", "0"},
    {Mod, "0", "-9223372036854775809", "0"},
    {Mod, "0", "-999999999999999999999999999993", "0"},
    {Mod, "0", "3**100", "0"},
    {Mod, "0", "10**400", "0"},
    {Mod, "1", "0", "!integer modulo by zero"},
    {Mod, "1", "1", "0"},
    {Mod, "1", "-7", "-6"},
    {Mod, "1", "9007199254740993", "1"},
    {Mod, "1", "9223372036854775807", "1"},
    {Mod, "1", "-9223372036854775808", "-9223372036854775807"},
    {Mod, "1", "9223372036854775808", "1"},
    {Mod, "1", "-9223372036854775809", "-9223372036854775808"},
    {Mod, "1", "-999999999999999999999999999993", "-999999999999999999999999999992"},
    {Mod, "1", "3**100", "1"},
    {Mod, "1", "10**400", "1"},
    {Mod, "-7", "0", "!integer modulo by zero"},
    {Mod, "-7", "1", "0"},
    {Mod, "-7", "-7", "0"},
    {Mod, "-7", "9007199254740993", "9007199254740986"},
    {Mod, "-7", "9223372036854775807", "9223372036854775800"},
    {Mod, "-7", "-9223372036854775808", "-7"},
    {Mod, "-7", "9223372036854775808", "9223372036854775801"},
    {Mod, "-7", "-9223372036854775809", "-7"},
    {Mod, "-7", "-999999999999999999999999999993", "-7"},
    {Mod, "-7", "3**100", "515377520732011331036461129765621272702107521994"},
    {Mod, "9007199254740993", "0", "!integer modulo by zero"},
    {Mod, "9007199254740993", "1", "0"},
    {Mod, "9007199254740993", "-7", "-2"},
    {Mod, "9007199254740993", "9007199254740993", "0"},
    {Mod, "9007199254740993", "9223372036854775807", "9007199254740993"},
    {Mod, "9007199254740993", "-9223372036854775808", "-9214364837600034815"},
    {Mod, "9007199254740993", "9223372036854775808", "9007199254740993"},
    {Mod, "9007199254740993", "-9223372036854775809", "-9214364837600034816"},
    {Mod, "9007199254740993", "-999999999999999999999999999993", "-999999999999990992800745259000"},
    {Mod, "9007199254740993", "3**100", "9007199254740993"},
    {Mod, "9007199254740993", "10**400", "9007199254740993"},
    {Mod, "9223372036854775807", "0", "!integer modulo by zero"},
    {Mod, "9223372036854775807", "1", "0"},
    {Mod, "9223372036854775807", "-7", "0"},
    {Mod, "9223372036854775807", "9007199254740993", "9007199254739968"},
    {Mod, "9223372036854775807", "9223372036854775807", "0"},
    {Mod, "9223372036854775807", "-9223372036854775808", "-1"},
    {Mod, "9223372036854775807", "9223372036854775808", "9223372036854775807"},
    {Mod, "9223372036854775807", "-9223372036854775809", "-2"},
    {Mod, "9223372036854775807", "-999999999999999999999999999993", "-999999999990776627963145224186"},
    {Mod, "9223372036854775807", "3**100", "9223372036854775807"},
    {Mod, "9223372036854775807", "10**400", "9223372036854775807"},
    {Mod, "-9223372036854775808", "0", "!integer modulo by zero"},
    {Mod, "-9223372036854775808", "1", "0"},
    {Mod, "-9223372036854775808", "-7", "-1"},
    {Mod, "-9223372036854775808", "9007199254740993", "1024"},
    {Mod, "-9223372036854775808", "9223372036854775807", "9223372036854775806"},
    {Mod, "-9223372036854775808", "-9223372036854775808", "0"},
    {Mod, "-9223372036854775808", "9223372036854775808", "0"},
    {Mod, "-9223372036854775808", "-9223372036854775809", "-9223372036854775808"},
    {Mod, "-9223372036854775808", "-999999999999999999999999999993", "-9223372036854775808"},
    {Mod, "-9223372036854775808", "3**100", "515377520732011331036461129756397900665252746193"},
    {Mod, "9223372036854775808", "0", "!integer modulo by zero"},
    {Mod, "9223372036854775808", "1", "0"},
    {Mod, "9223372036854775808", "-7", "-6"},
    {Mod, "9223372036854775808", "9007199254740993", "9007199254739969"},
    {Mod, "9223372036854775808", "9223372036854775807", "1"},
    {Mod, "9223372036854775808", "-9223372036854775808", "0"},
    {Mod, "9223372036854775808", "9223372036854775808", "0"},
    {Mod, "9223372036854775808", "-9223372036854775809", "-1"},
    {Mod, "9223372036854775808", "-999999999999999999999999999993", "-999999999990776627963145224185"},
    {Mod, "9223372036854775808", "3**100", "9223372036854775808"},
    {Mod, "9223372036854775808", "10**400", "9223372036854775808"},
    {Mod, "-9223372036854775809", "0", "!integer modulo by zero"},
    {Mod, "-9223372036854775809", "1", "0"},
    {Mod, "-9223372036854775809", "-7", "-2"},
    {Mod, "-9223372036854775809", "9007199254740993", "1023"},
    {Mod, "-9223372036854775809", "9223372036854775807", "9223372036854775805"},
    {Mod, "-9223372036854775809", "-9223372036854775808", "-1"},
    {Mod, "-9223372036854775809", "9223372036854775808", "9223372036854775807"},
    {Mod, "-9223372036854775809", "-9223372036854775809", "0"},
    {Mod, "-9223372036854775809", "-999999999999999999999999999993", "-9223372036854775809"},
    {Mod, "-9223372036854775809", "3**100", "515377520732011331036461129756397900665252746192"},
    {Mod, "-999999999999999999999999999993", "0", "!integer modulo by zero"},
    {Mod, "-999999999999999999999999999993", "1", "0"},
    {Mod, "-999999999999999999999999999993", "-7", "-1"},
    {Mod, "-999999999999999999999999999993", "9007199254740993", "3227131671118395"},
    {Mod, "-999999999999999999999999999993", "9223372036854775807", "4146427658129294950"},
    {Mod, "-999999999999999999999999999993", "-9223372036854775808", "-5076944270305263609"},
    {Mod, "-999999999999999999999999999993", "9223372036854775808", "4146427766549512199"},
    {Mod, "-999999999999999999999999999993", "-9223372036854775809", "-5076944161885046361"},
    {Mod, "-999999999999999999999999999993", "-999999999999999999999999999993", "0"},
    {Mod, "-999999999999999999999999999993", "3**100", "515377520732011330036461129765621272702107522008"},
    {Mod, "3**100", "0", "!integer modulo by zero"},
    {Mod, "3**100", "1", "0"},
    {Mod, "3**100", "-7", "-3"},
    {Mod, "3**100", "9007199254740993", "2353026590716662"},
    {Mod, "3**100", "9223372036854775807", "2667061183132291558"},
    {Mod, "3**100", "-9223372036854775808", "-2984622845537545263"},
    {Mod, "3**100", "9223372036854775808", "6238749191317230545"},
    {Mod, "3**100", "-9223372036854775809", "-8636306862090914802"},
    {Mod, "3**100", "-999999999999999999999999999993", "-963538870230771084652768398675"},
    {Mod, "3**100", "3**100", "0"},
    {Mod, "3**100", "10**400", "515377520732011331036461129765621272702107522001"},
    {Mod, "10**400", "0", "!integer modulo by zero"},
    {Mod, "10**400", "1", "0"},
    {Mod, "10**400", "-7", "-3"},
    {Mod, "10**400", "9007199254740993", "505480311032887"},
    {Mod, "10**400", "9223372036854775807", "1946332248375338926"},
    {Mod, "10**400", "-9223372036854775808", "0"},
    {Mod, "10**400", "9223372036854775808", "0"},
    {Mod, "10**400", "-9223372036854775809", "-1209261729337349291"},
    {Mod, "10**400", "-999999999999999999999999999993", "-999999999031109895929999999993"},
    {Mod, "10**400", "3**100", "456047982641265365066063116676632419789638219143"},
    {Mod, "10**400", "10**400", "0"},
    {Mod, "0", "0.0", "!float modulo"},
    {Mod, "0.0", "0", "!float modulo"},
    {Mod, "0", "-2.5", "-0.0"},
    {Mod, "-2.5", "0", "!float modulo"},
    {Mod, "0", "1e+300", "0.0"},
    {Mod, "1e+300", "0", "!float modulo"},
    {Mod, "0", "9.223372036854776e+18", "0.0"},
    {Mod, "9.223372036854776e+18", "0", "!float modulo"},
    {Mod, "0", "inf", "0.0"},
    {Mod, "inf", "0", "!float modulo"},
    {Mod, "1", "0.0", "!float modulo"},
    {Mod, "0.0", "1", "0.0"},
    {Mod, "1", "-2.5", "-1.5"},
    {Mod, "-2.5", "1", "0.5"},
    {Mod, "1", "1e+300", "1.0"},
    {Mod, "1e+300", "1", "0.0"},
    {Mod, "1", "9.223372036854776e+18", "1.0"},
    {Mod, "9.223372036854776e+18", "1", "0.0"},
    {Mod, "1", "inf", "1.0"},
    {Mod, "inf", "1", "nan"},
    {Mod, "-7", "0.0", "!float modulo"},
    {Mod, "0.0", "-7", "-0.0"},
    {Mod, "-7", "-2.5", "-2.0"},
    {Mod, "-2.5", "-7", "-2.5"},
    {Mod, "-7", "1e+300", "1e+300"},
    {Mod, "1e+300", "-7", "-6.0"},
    {Mod, "-7", "9.223372036854776e+18", "9.223372036854776e+18"},
    {Mod, "9.223372036854776e+18", "-7", "-6.0"},
    {Mod, "-7", "inf", "inf"},
    {Mod, "inf", "-7", "nan"},
    {Mod, "9007199254740993", "0.0", "!float modulo"},
    {Mod, "0.0", "9007199254740993", "0.0"},
    {Mod, "9007199254740993", "-2.5", "-0.5"},
    {Mod, "-2.5", "9007199254740993", "9007199254740990.0"},
    {Mod, "9007199254740993", "1e+300", "9007199254740992.0"},
    {Mod, "1e+300", "9007199254740993", "0.0"},
    {Mod, "9007199254740993", "9.223372036854776e+18", "9007199254740992.0"},
    {Mod, "9.223372036854776e+18", "9007199254740993", "0.0"},
    {Mod, "9007199254740993", "inf", "9007199254740992.0"},
    {Mod, "inf", "9007199254740993", "nan"},
    {Mod, "9223372036854775807", "0.0", "!float modulo"},
    {Mod, "0.0", "9223372036854775807", "0.0"},
    {Mod, "9223372036854775807", "-2.5", "-2.0"},
    {Mod, "-2.5", "9223372036854775807", "9.223372036854776e+18"},
    {Mod, "9223372036854775807", "1e+300", "9.223372036854776e+18"},
    {Mod, "1e+300", "9223372036854775807", "0.0"},
    {Mod, "9223372036854775807", "9.223372036854776e+18", "0.0"},
    {Mod, "9.223372036854776e+18", "9223372036854775807", "0.0"},
    {Mod, "9223372036854775807", "inf", "9.223372036854776e+18"},
    {Mod, "inf", "9223372036854775807", "nan"},
    {Mod, "-9223372036854775808", "0.0", "!float modulo"},
    {Mod, "0.0", "-9223372036854775808", "-0.0"},
    {Mod, "-9223372036854775808", "-2.5", "-0.5"},
    {Mod, "-2.5", "-9223372036854775808", "-2.5"},
    {Mod, "-9223372036854775808", "1e+300", "1e+300"},
    {Mod, "1e+300", "-9223372036854775808", "-0.0"},
    {Mod, "-9223372036854775808", "9.223372036854776e+18", "0.0"},
    {Mod, "9.223372036854776e+18", "-9223372036854775808", "-0.0"},
    {Mod, "-9223372036854775808", "inf", "inf"},
    {Mod, "inf", "-9223372036854775808", "nan"},
    {Mod, "9223372036854775808", "0.0", "!float modulo"},
    {Mod, "0.0", "9223372036854775808", "0.0"},
    {Mod, "9223372036854775808", "-2.5", "-2.0"},
    {Mod, "-2.5", "9223372036854775808", "9.223372036854776e+18"},
    {Mod, "9223372036854775808", "1e+300", "9.223372036854776e+18"},
    {Mod, "1e+300", "9223372036854775808", "0.0"},
    {Mod, "9223372036854775808", "9.223372036854776e+18", "0.0"},
    {Mod, "9.223372036854776e+18", "9223372036854775808", "0.0"},
    {Mod, "9223372036854775808", "inf", "9.223372036854776e+18"},
    {Mod, "inf", "9223372036854775808", "nan"},
    {Mod, "-9223372036854775809", "0.0", "!float modulo"},
    {Mod, "0.0", "-9223372036854775809", "-0.0"},
    {Mod, "-9223372036854775809", "-2.5", "-0.5"},
    {Mod, "-2.5", "-9223372036854775809", "-2.5"},
    {Mod, "-9223372036854775809", "1e+300", "1e+300"},
    {Mod, "1e+300", "-9223372036854775809", "-0.0"},
    {Mod, "-9223372036854775809", "9.223372036854776e+18", "0.0"},
    {Mod, "9.223372036854776e+18", "-9223372036854775809", "-0.0"},
    {Mod, "-9223372036854775809", "inf", "inf"},
    {Mod, "inf", "-9223372036854775809", "nan"},
    {Mod, "-999999999999999999999999999993", "0.0", "!float modulo"},
    {Mod, "0.0", "-999999999999999999999999999993", "-0.0"},
    {Mod, "-999999999999999999999999999993", "-2.5", "-1.0"},
    {Mod, "-2.5", "-999999999999999999999999999993", "-2.5"},
    {Mod, "-999999999999999999999999999993", "1e+300", "1e+300"},
    {Mod, "1e+300", "-999999999999999999999999999993", "-3.451570755627404e+29"},
    {Mod, "-999999999999999999999999999993", "9.223372036854776e+18", "4.1464078819246735e+18"},
    {Mod, "9.223372036854776e+18", "-999999999999999999999999999993", "-9.999999999907766e+29"},
    {Mod, "-999999999999999999999999999993", "inf", "inf"},
    {Mod, "inf", "-999999999999999999999999999993", "nan"},
    {Mod, "3**100", "0.0", "!float modulo"},
    {Mod, "0.0", "3**100", "0.0"},
    {Mod, "3**100", "-2.5", "-0.5"},
    {Mod, "-2.5", "3**100", "5.153775207320113e+47"},
    {Mod, "3**100", "1e+300", "5.153775207320113e+47"},
    {Mod, "1e+300", "3**100", "2.8734125543280628e+47"},
    {Mod, "3**100", "9.223372036854776e+18", "0.0"},
    {Mod, "9.223372036854776e+18", "3**100", "9.223372036854776e+18"},
    {Mod, "3**100", "inf", "5.153775207320113e+47"},
    {Mod, "inf", "3**100", "nan"},
    {Mod, "10**400", "0.0", "!int too large to convert to float"},
    {Mod, "0.0", "10**400", "!int too large to convert to float"},
    {Mod, "10**400", "-2.5", "!int too large to convert to float"},
    {Mod, "-2.5", "10**400", "!int too large to convert to float"},
    {Mod, "10**400", "1e+300", "!int too large to convert to float"},
    {Mod, "1e+300", "10**400", "!int too large to convert to float"},
    {Mod, "10**400", "9.223372036854776e+18", "!int too large to convert to float"},
    {Mod, "9.223372036854776e+18", "10**400", "!int too large to convert to float"},
    {Mod, "10**400", "inf", "!int too large to convert to float"},
    {Mod, "inf", "10**400", "!int too large to convert to float"},
    {Pow, "0", "0", "1"},
    {Pow, "0", "1", "0"},
    {Pow, "0", "-7", "!0.0 cannot be raised to a negative power"},
    {Pow, "0", "10**400", "0"},
    {Pow, "1", "0", "1"},
    {Pow, "1", "1", "1"},
    {Pow, "1", "-7", "1.0"},
    {Pow, "1", "10**400", "1"},
    {Pow, "-7", "0", "1"},
    {Pow, "-7", "1", "-7"},
    {Pow, "-7", "-7", "-1.2142656789020123e-06"},
    {Pow, "-7", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "9007199254740993", "0", "1"},
    {Pow, "9007199254740993", "1", "9007199254740993"},
    {Pow, "9007199254740993", "-7", "2.07908195312898e-112"},
    {Pow, "9007199254740993", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "9223372036854775807", "0", "1"},
    {Pow, "9223372036854775807", "1", "9223372036854775807"},
    {Pow, "9223372036854775807", "-7", "1.761050914342067e-133"},
    {Pow, "9223372036854775807", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "-9223372036854775808", "0", "1"},
    {Pow, "-9223372036854775808", "1", "-9223372036854775808"},
    {Pow, "-9223372036854775808", "-7", "-1.761050914342067e-133"},
    {Pow, "-9223372036854775808", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "9223372036854775808", "0", "1"},
    {Pow, "9223372036854775808", "1", "9223372036854775808"},
    {Pow, "9223372036854775808", "-7", "1.761050914342067e-133"},
    {Pow, "9223372036854775808", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "-9223372036854775809", "0", "1"},
    {Pow, "-9223372036854775809", "1", "-9223372036854775809"},
    {Pow, "-9223372036854775809", "-7", "-1.761050914342067e-133"},
    {Pow, "-9223372036854775809", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "-999999999999999999999999999993", "0", "1"},
    {Pow, "-999999999999999999999999999993", "1", "-999999999999999999999999999993"},
    {Pow, "-999999999999999999999999999993", "-7", "-9.999999999999999e-211"},
    {Pow, "-999999999999999999999999999993", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "3**100", "0", "1"},
    {Pow, "3**100", "1", "515377520732011331036461129765621272702107522001"},
    {Pow, "3**100", "-7", "0.0"},
    {Pow, "3**100", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "10**400", "0", "1"},
    {Pow, "10**400", "-7", "!int too large to convert to float"},
    {Pow, "10**400", "10**400", "!integer too large (limit 100000 digits)"},
    {Pow, "0", "0.0", "1.0"},
    {Pow, "0.0", "0", "1.0"},
    {Pow, "0", "-2.5", "!0.0 cannot be raised to a negative power"},
    {Pow, "-2.5", "0", "1.0"},
    {Pow, "0", "1e+300", "0.0"},
    {Pow, "1e+300", "0", "1.0"},
    {Pow, "0", "9.223372036854776e+18", "0.0"},
    {Pow, "9.223372036854776e+18", "0", "1.0"},
    {Pow, "0", "inf", "0.0"},
    {Pow, "inf", "0", "1.0"},
    {Pow, "1", "0.0", "1.0"},
    {Pow, "0.0", "1", "0.0"},
    {Pow, "1", "-2.5", "1.0"},
    {Pow, "-2.5", "1", "-2.5"},
    {Pow, "1", "1e+300", "1.0"},
    {Pow, "1e+300", "1", "1e+300"},
    {Pow, "1", "9.223372036854776e+18", "1.0"},
    {Pow, "9.223372036854776e+18", "1", "9.223372036854776e+18"},
    {Pow, "1", "inf", "1.0"},
    {Pow, "inf", "1", "inf"},
    {Pow, "-7", "0.0", "1.0"},
    {Pow, "0.0", "-7", "!0.0 cannot be raised to a negative power"},
    {Pow, "-2.5", "-7", "-0.0016384"},
    {Pow, "-7", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "-7", "0.0"},
    {Pow, "-7", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "-7", "1.761050914342067e-133"},
    {Pow, "-7", "inf", "inf"},
    {Pow, "inf", "-7", "0.0"},
    {Pow, "9007199254740993", "0.0", "1.0"},
    {Pow, "0.0", "9007199254740993", "0.0"},
    {Pow, "9007199254740993", "-2.5", "1.2987500417389344e-40"},
    {Pow, "-2.5", "9007199254740993", "!(34, 'Numerical result out of range')"},
    {Pow, "9007199254740993", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "9007199254740993", "!(34, 'Numerical result out of range')"},
    {Pow, "9007199254740993", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "9007199254740993", "!(34, 'Numerical result out of range')"},
    {Pow, "9007199254740993", "inf", "inf"},
    {Pow, "inf", "9007199254740993", "inf"},
    {Pow, "9223372036854775807", "0.0", "1.0"},
    {Pow, "0.0", "9223372036854775807", "0.0"},
    {Pow, "9223372036854775807", "-2.5", "3.870576744493647e-48"},
    {Pow, "-2.5", "9223372036854775807", "!(34, 'Numerical result out of range')"},
    {Pow, "9223372036854775807", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "9223372036854775807", "!(34, 'Numerical result out of range')"},
    {Pow, "9223372036854775807", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "9223372036854775807", "!(34, 'Numerical result out of range')"},
    {Pow, "9223372036854775807", "inf", "inf"},
    {Pow, "inf", "9223372036854775807", "inf"},
    {Pow, "-9223372036854775808", "0.0", "1.0"},
    {Pow, "0.0", "-9223372036854775808", "!0.0 cannot be raised to a negative power"},
    {Pow, "-2.5", "-9223372036854775808", "0.0"},
    {Pow, "-9223372036854775808", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "-9223372036854775808", "0.0"},
    {Pow, "-9223372036854775808", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "-9223372036854775808", "0.0"},
    {Pow, "-9223372036854775808", "inf", "inf"},
    {Pow, "inf", "-9223372036854775808", "0.0"},
    {Pow, "9223372036854775808", "0.0", "1.0"},
    {Pow, "0.0", "9223372036854775808", "0.0"},
    {Pow, "9223372036854775808", "-2.5", "3.870576744493647e-48"},
    {Pow, "-2.5", "9223372036854775808", "!(34, 'Numerical result out of range')"},
    {Pow, "9223372036854775808", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "9223372036854775808", "!(34, 'Numerical result out of range')"},
    {Pow, "9223372036854775808", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "9223372036854775808", "!(34, 'Numerical result out of range')"},
    {Pow, "9223372036854775808", "inf", "inf"},
    {Pow, "inf", "9223372036854775808", "inf"},
    {Pow, "-9223372036854775809", "0.0", "1.0"},
    {Pow, "0.0", "-9223372036854775809", "!0.0 cannot be raised to a negative power"},
    {Pow, "-2.5", "-9223372036854775809", "0.0"},
    {Pow, "-9223372036854775809", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "-9223372036854775809", "0.0"},
    {Pow, "-9223372036854775809", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "-9223372036854775809", "0.0"},
    {Pow, "-9223372036854775809", "inf", "inf"},
    {Pow, "inf", "-9223372036854775809", "0.0"},
    {Pow, "-999999999999999999999999999993", "0.0", "1.0"},
    {Pow, "0.0", "-999999999999999999999999999993", "!0.0 cannot be raised to a negative power"},
    {Pow, "-2.5", "-999999999999999999999999999993", "0.0"},
    {Pow, "-999999999999999999999999999993", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "-999999999999999999999999999993", "0.0"},
    {Pow, "-999999999999999999999999999993", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "-999999999999999999999999999993", "0.0"},
    {Pow, "-999999999999999999999999999993", "inf", "inf"},
    {Pow, "inf", "-999999999999999999999999999993", "0.0"},
    {Pow, "3**100", "0.0", "1.0"},
    {Pow, "0.0", "3**100", "0.0"},
    {Pow, "3**100", "-2.5", "5.2442854195811444e-120"},
    {Pow, "-2.5", "3**100", "!(34, 'Numerical result out of range')"},
    {Pow, "3**100", "1e+300", "!(34, 'Numerical result out of range')"},
    {Pow, "1e+300", "3**100", "!(34, 'Numerical result out of range')"},
    {Pow, "3**100", "9.223372036854776e+18", "!(34, 'Numerical result out of range')"},
    {Pow, "9.223372036854776e+18", "3**100", "!(34, 'Numerical result out of range')"},
    {Pow, "3**100", "inf", "inf"},
    {Pow, "inf", "3**100", "inf"},
    {Pow, "10**400", "0.0", "!int too large to convert to float"},
    {Pow, "0.0", "10**400", "!int too large to convert to float"},
    {Pow, "10**400", "-2.5", "!int too large to convert to float"},
    {Pow, "-2.5", "10**400", "!int too large to convert to float"},
    {Pow, "10**400", "1e+300", "!int too large to convert to float"},
    {Pow, "1e+300", "10**400", "!int too large to convert to float"},
    {Pow, "10**400", "9.223372036854776e+18", "!int too large to convert to float"},
    {Pow, "9.223372036854776e+18", "10**400", "!int too large to convert to float"},
    {Pow, "10**400", "inf", "!int too large to convert to float"},
    {Pow, "inf", "10**400", "!int too large to convert to float"},
    {Eq, "0", "0", "True"},
    {Eq, "0", "1", "False"},
    {Eq, "0", "-7", "False"},
    {Eq, "0", "9007199254740993", "False"},
    {Eq, "0", "9223372036854775807", "False"},
    {Eq, "0", "-9223372036854775808", "False"},
    {Eq, "0", "9223372036854775808", "False"},
    {Eq, "0", "-9223372036854775809", "False"},
    {Eq, "0", "-999999999999999999999999999993", "False"},
    {Eq, "0", "3**100", "False"},
    {Eq, "0", "10**400", "False"},
    {Eq, "1", "0", "False"},
    {Eq, "1", "1", "True"},
    {Eq, "1", "-7", "False"},
    {Eq, "1", "9007199254740993", "False"},
    {Eq, "1", "9223372036854775807", "False"},
    {Eq, "1", "-9223372036854775808", "False"},
    {Eq, "1", "9223372036854775808", "False"},
    {Eq, "1", "-9223372036854775809", "False"},
    {Eq, "1", "-999999999999999999999999999993", "False"},
    {Eq, "1", "3**100", "False"},
    {Eq, "1", "10**400", "False"},
    {Eq, "-7", "0", "False"},
    {Eq, "-7", "1", "False"},
    {Eq, "-7", "-7", "True"},
    {Eq, "-7", "9007199254740993", "False"},
    {Eq, "-7", "9223372036854775807", "False"},
    {Eq, "-7", "-9223372036854775808", "False"},
    {Eq, "-7", "9223372036854775808", "False"},
    {Eq, "-7", "-9223372036854775809", "False"},
    {Eq, "-7", "-999999999999999999999999999993", "False"},
    {Eq, "-7", "3**100", "False"},
    {Eq, "-7", "10**400", "False"},
    {Eq, "9007199254740993", "0", "False"},
    {Eq, "9007199254740993", "1", "False"},
    {Eq, "9007199254740993", "-7", "False"},
    {Eq, "9007199254740993", "9007199254740993", "True"},
    {Eq, "9007199254740993", "9223372036854775807", "False"},
    {Eq, "9007199254740993", "-9223372036854775808", "False"},
    {Eq, "9007199254740993", "9223372036854775808", "False"},
    {Eq, "9007199254740993", "-9223372036854775809", "False"},
    {Eq, "9007199254740993", "-999999999999999999999999999993", "False"},
    {Eq, "9007199254740993", "3**100", "False"},
    {Eq, "9007199254740993", "10**400", "False"},
    {Eq, "9223372036854775807", "0", "False"},
    {Eq, "9223372036854775807", "1", "False"},
    {Eq, "9223372036854775807", "-7", "False"},
    {Eq, "9223372036854775807", "9007199254740993", "False"},
    {Eq, "9223372036854775807", "9223372036854775807", "True"},
    {Eq, "9223372036854775807", "-9223372036854775808", "False"},
    {Eq, "9223372036854775807", "9223372036854775808", "False"},
    {Eq, "9223372036854775807", "-9223372036854775809", "False"},
    {Eq, "9223372036854775807", "-999999999999999999999999999993", "False"},
    {Eq, "9223372036854775807", "3**100", "False"},
    {Eq, "9223372036854775807", "10**400", "False"},
    {Eq, "-9223372036854775808", "0", "False"},
    {Eq, "-9223372036854775808", "1", "False"},
    {Eq, "-9223372036854775808", "-7", "False"},
    {Eq, "-9223372036854775808", "9007199254740993", "False"},
    {Eq, "-9223372036854775808", "9223372036854775807", "False"},
    {Eq, "-9223372036854775808", "-9223372036854775808", "True"},
    {Eq, "-9223372036854775808", "9223372036854775808", "False"},
    {Eq, "-9223372036854775808", "-9223372036854775809", "False"},
    {Eq, "-9223372036854775808", "-999999999999999999999999999993", "False"},
    {Eq, "-9223372036854775808", "3**100", "False"},
    {Eq, "-9223372036854775808", "10**400", "False"},
    {Eq, "9223372036854775808", "0", "False"},
    {Eq, "9223372036854775808", "1", "False"},
    {Eq, "9223372036854775808", "-7", "False"},
    {Eq, "9223372036854775808", "9007199254740993", "False"},
    {Eq, "9223372036854775808", "9223372036854775807", "False"},
    {Eq, "9223372036854775808", "-9223372036854775808", "False"},
    {Eq, "9223372036854775808", "9223372036854775808", "True"},
    {Eq, "9223372036854775808", "-9223372036854775809", "False"},
    {Eq, "9223372036854775808", "-999999999999999999999999999993", "False"},
    {Eq, "9223372036854775808", "3**100", "False"},
    {Eq, "9223372036854775808", "10**400", "False"},
    {Eq, "-9223372036854775809", "0", "False"},
    {Eq, "-9223372036854775809", "1", "False"},
    {Eq, "-9223372036854775809", "-7", "False"},
    {Eq, "-9223372036854775809", "9007199254740993", "False"},
    {Eq, "-9223372036854775809", "9223372036854775807", "False"},
    {Eq, "-9223372036854775809", "-9223372036854775808", "False"},
    {Eq, "-9223372036854775809", "9223372036854775808", "False"},
    {Eq, "-9223372036854775809", "-9223372036854775809", "True"},
    {Eq, "-9223372036854775809", "-999999999999999999999999999993", "False"},
    {Eq, "-9223372036854775809", "3**100", "False"},
    {Eq, "-9223372036854775809", "10**400", "False"},
    {Eq, "-999999999999999999999999999993", "0", "False"},
    {Eq, "-999999999999999999999999999993", "1", "False"},
    {Eq, "-999999999999999999999999999993", "-7", "False"},
    {Eq, "-999999999999999999999999999993", "9007199254740993", "False"},
    {Eq, "-999999999999999999999999999993", "9223372036854775807", "False"},
    {Eq, "-999999999999999999999999999993", "-9223372036854775808", "False"},
    {Eq, "-999999999999999999999999999993", "9223372036854775808", "False"},
    {Eq, "-999999999999999999999999999993", "-9223372036854775809", "False"},
    {Eq, "-999999999999999999999999999993", "-999999999999999999999999999993", "True"},
    {Eq, "-999999999999999999999999999993", "3**100", "False"},
    {Eq, "-999999999999999999999999999993", "10**400", "False"},
    {Eq, "3**100", "0", "False"},
    {Eq, "3**100", "1", "False"},
    {Eq, "3**100", "-7", "False"},
    {Eq, "3**100", "9007199254740993", "False"},
    {Eq, "3**100", "9223372036854775807", "False"},
    {Eq, "3**100", "-9223372036854775808", "False"},
    {Eq, "3**100", "9223372036854775808", "False"},
    {Eq, "3**100", "-9223372036854775809", "False"},
    {Eq, "3**100", "-999999999999999999999999999993", "False"},
    {Eq, "3**100", "3**100", "True"},
    {Eq, "3**100", "10**400", "False"},
    {Eq, "10**400", "0", "False"},
    {Eq, "10**400", "1", "False"},
    {Eq, "10**400", "-7", "False"},
    {Eq, "10**400", "9007199254740993", "False"},
    {Eq, "10**400", "9223372036854775807", "False"},
    {Eq, "10**400", "-9223372036854775808", "False"},
    {Eq, "10**400", "9223372036854775808", "False"},
    {Eq, "10**400", "-9223372036854775809", "False"},
    {Eq, "10**400", "-999999999999999999999999999993", "False"},
    {Eq, "10**400", "3**100", "False"},
    {Eq, "10**400", "10**400", "True"},
    {Eq, "0", "0.0", "True"},
    {Eq, "0.0", "0", "True"},
    {Eq, "0", "-2.5", "False"},
    {Eq, "-2.5", "0", "False"},
    {Eq, "0", "1e+300", "False"},
    {Eq, "1e+300", "0", "False"},
    {Eq, "0", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "0", "False"},
    {Eq, "0", "inf", "False"},
    {Eq, "inf", "0", "False"},
    {Eq, "1", "0.0", "False"},
    {Eq, "0.0", "1", "False"},
    {Eq, "1", "-2.5", "False"},
    {Eq, "-2.5", "1", "False"},
    {Eq, "1", "1e+300", "False"},
    {Eq, "1e+300", "1", "False"},
    {Eq, "1", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "1", "False"},
    {Eq, "1", "inf", "False"},
    {Eq, "inf", "1", "False"},
    {Eq, "-7", "0.0", "False"},
    {Eq, "0.0", "-7", "False"},
    {Eq, "-7", "-2.5", "False"},
    {Eq, "-2.5", "-7", "False"},
    {Eq, "-7", "1e+300", "False"},
    {Eq, "1e+300", "-7", "False"},
    {Eq, "-7", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "-7", "False"},
    {Eq, "-7", "inf", "False"},
    {Eq, "inf", "-7", "False"},
    {Eq, "9007199254740993", "0.0", "False"},
    {Eq, "0.0", "9007199254740993", "False"},
    {Eq, "9007199254740993", "-2.5", "False"},
    {Eq, "-2.5", "9007199254740993", "False"},
    {Eq, "9007199254740993", "1e+300", "False"},
    {Eq, "1e+300", "9007199254740993", "False"},
    {Eq, "9007199254740993", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "9007199254740993", "False"},
    {Eq, "9007199254740993", "inf", "False"},
    {Eq, "inf", "9007199254740993", "False"},
    {Eq, "9223372036854775807", "0.0", "False"},
    {Eq, "0.0", "9223372036854775807", "False"},
    {Eq, "9223372036854775807", "-2.5", "False"},
    {Eq, "-2.5", "9223372036854775807", "False"},
    {Eq, "9223372036854775807", "1e+300", "False"},
    {Eq, "1e+300", "9223372036854775807", "False"},
    {Eq, "9223372036854775807", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "9223372036854775807", "False"},
    {Eq, "9223372036854775807", "inf", "False"},
    {Eq, "inf", "9223372036854775807", "False"},
    {Eq, "-9223372036854775808", "0.0", "False"},
    {Eq, "0.0", "-9223372036854775808", "False"},
    {Eq, "-9223372036854775808", "-2.5", "False"},
    {Eq, "-2.5", "-9223372036854775808", "False"},
    {Eq, "-9223372036854775808", "1e+300", "False"},
    {Eq, "1e+300", "-9223372036854775808", "False"},
    {Eq, "-9223372036854775808", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "-9223372036854775808", "False"},
    {Eq, "-9223372036854775808", "inf", "False"},
    {Eq, "inf", "-9223372036854775808", "False"},
    {Eq, "9223372036854775808", "0.0", "False"},
    {Eq, "0.0", "9223372036854775808", "False"},
    {Eq, "9223372036854775808", "-2.5", "False"},
    {Eq, "-2.5", "9223372036854775808", "False"},
    {Eq, "9223372036854775808", "1e+300", "False"},
    {Eq, "1e+300", "9223372036854775808", "False"},
    {Eq, "9223372036854775808", "9.223372036854776e+18", "True"},
    {Eq, "9.223372036854776e+18", "9223372036854775808", "True"},
    {Eq, "9223372036854775808", "inf", "False"},
    {Eq, "inf", "9223372036854775808", "False"},
    {Eq, "-9223372036854775809", "0.0", "False"},
    {Eq, "0.0", "-9223372036854775809", "False"},
    {Eq, "-9223372036854775809", "-2.5", "False"},
    {Eq, "-2.5", "-9223372036854775809", "False"},
    {Eq, "-9223372036854775809", "1e+300", "False"},
    {Eq, "1e+300", "-9223372036854775809", "False"},
    {Eq, "-9223372036854775809", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "-9223372036854775809", "False"},
    {Eq, "-9223372036854775809", "inf", "False"},
    {Eq, "inf", "-9223372036854775809", "False"},
    {Eq, "-999999999999999999999999999993", "0.0", "False"},
    {Eq, "0.0", "-999999999999999999999999999993", "False"},
    {Eq, "-999999999999999999999999999993", "-2.5", "False"},
    {Eq, "-2.5", "-999999999999999999999999999993", "False"},
    {Eq, "-999999999999999999999999999993", "1e+300", "False"},
    {Eq, "1e+300", "-999999999999999999999999999993", "False"},
    {Eq, "-999999999999999999999999999993", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "-999999999999999999999999999993", "False"},
    {Eq, "-999999999999999999999999999993", "inf", "False"},
    {Eq, "inf", "-999999999999999999999999999993", "False"},
    {Eq, "3**100", "0.0", "False"},
    {Eq, "0.0", "3**100", "False"},
    {Eq, "3**100", "-2.5", "False"},
    {Eq, "-2.5", "3**100", "False"},
    {Eq, "3**100", "1e+300", "False"},
    {Eq, "1e+300", "3**100", "False"},
    {Eq, "3**100", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "3**100", "False"},
    {Eq, "3**100", "inf", "False"},
    {Eq, "inf", "3**100", "False"},
    {Eq, "10**400", "0.0", "False"},
    {Eq, "0.0", "10**400", "False"},
    {Eq, "10**400", "-2.5", "False"},
    {Eq, "-2.5", "10**400", "False"},
    {Eq, "10**400", "1e+300", "False"},
    {Eq, "1e+300", "10**400", "False"},
    {Eq, "10**400", "9.223372036854776e+18", "False"},
    {Eq, "9.223372036854776e+18", "10**400", "False"},
    {Eq, "10**400", "inf", "False"},
    {Eq, "inf", "10**400", "False"},
    {Lt, "0", "0", "False"},
    {Lt, "0", "1", "True"},
    {Lt, "0", "-7", "False"},
    {Lt, "0", "9007199254740993", "True"},
    {Lt, "0", "9223372036854775807", "True"},
    {Lt, "0", "-9223372036854775808", "False"},
    {Lt, "0", "9223372036854775808", "True"},
    {Lt, "0", "-9223372036854775809", "False"},
    {Lt, "0", "-999999999999999999999999999993", "False"},
    {Lt, "0", "3**100", "True"},
    {Lt, "0", "10**400", "True"},
    {Lt, "1", "0", "False"},
    {Lt, "1", "1", "False"},
    {Lt, "1", "-7", "False"},
    {Lt, "1", "9007199254740993", "True"},
    {Lt, "1", "9223372036854775807", "True"},
    {Lt, "1", "-9223372036854775808", "False"},
    {Lt, "1", "9223372036854775808", "True"},
    {Lt, "1", "-9223372036854775809", "False"},
    {Lt, "1", "-999999999999999999999999999993", "False"},
    {Lt, "1", "3**100", "True"},
    {Lt, "1", "10**400", "True"},
    {Lt, "-7", "0", "True"},
    {Lt, "-7", "1", "True"},
    {Lt, "-7", "-7", "False"},
    {Lt, "-7", "9007199254740993", "True"},
    {Lt, "-7", "9223372036854775807", "True"},
    {Lt, "-7", "-9223372036854775808", "False"},
    {Lt, "-7", "9223372036854775808", "True"},
    {Lt, "-7", "-9223372036854775809", "False"},
    {Lt, "-7", "-999999999999999999999999999993", "False"},
    {Lt, "-7", "3**100", "True"},
    {Lt, "-7", "10**400", "True"},
    {Lt, "9007199254740993", "0", "False"},
    {Lt, "9007199254740993", "1", "False"},
    {Lt, "9007199254740993", "-7", "False"},
    {Lt, "9007199254740993", "9007199254740993", "False"},
    {Lt, "9007199254740993", "9223372036854775807", "True"},
    {Lt, "9007199254740993", "-9223372036854775808", "False"},
    {Lt, "9007199254740993", "9223372036854775808", "True"},
    {Lt, "9007199254740993", "-9223372036854775809", "False"},
    {Lt, "9007199254740993", "-999999999999999999999999999993", "False"},
    {Lt, "9007199254740993", "3**100", "True"},
    {Lt, "9007199254740993", "10**400", "True"},
    {Lt, "9223372036854775807", "0", "False"},
    {Lt, "9223372036854775807", "1", "False"},
    {Lt, "9223372036854775807", "-7", "False"},
    {Lt, "9223372036854775807", "9007199254740993", "False"},
    {Lt, "9223372036854775807", "9223372036854775807", "False"},
    {Lt, "9223372036854775807", "-9223372036854775808", "False"},
    {Lt, "9223372036854775807", "9223372036854775808", "True"},
    {Lt, "9223372036854775807", "-9223372036854775809", "False"},
    {Lt, "9223372036854775807", "-999999999999999999999999999993", "False"},
    {Lt, "9223372036854775807", "3**100", "True"},
    {Lt, "9223372036854775807", "10**400", "True"},
    {Lt, "-9223372036854775808", "0", "True"},
    {Lt, "-9223372036854775808", "1", "True"},
    {Lt, "-9223372036854775808", "-7", "True"},
    {Lt, "-9223372036854775808", "9007199254740993", "True"},
    {Lt, "-9223372036854775808", "9223372036854775807", "True"},
    {Lt, "-9223372036854775808", "-9223372036854775808", "False"},
    {Lt, "-9223372036854775808", "9223372036854775808", "True"},
    {Lt, "-9223372036854775808", "-9223372036854775809", "False"},
    {Lt, "-9223372036854775808", "-999999999999999999999999999993", "False"},
    {Lt, "-9223372036854775808", "3**100", "True"},
    {Lt, "-9223372036854775808", "10**400", "True"},
    {Lt, "9223372036854775808", "0", "False"},
    {Lt, "9223372036854775808", "1", "False"},
    {Lt, "9223372036854775808", "-7", "False"},
    {Lt, "9223372036854775808", "9007199254740993", "False"},
    {Lt, "9223372036854775808", "9223372036854775807", "False"},
    {Lt, "9223372036854775808", "-9223372036854775808", "False"},
    {Lt, "9223372036854775808", "9223372036854775808", "False"},
    {Lt, "9223372036854775808", "-9223372036854775809", "False"},
    {Lt, "9223372036854775808", "-999999999999999999999999999993", "False"},
    {Lt, "9223372036854775808", "3**100", "True"},
    {Lt, "9223372036854775808", "10**400", "True"},
    {Lt, "-9223372036854775809", "0", "True"},
    {Lt, "-9223372036854775809", "1", "True"},
    {Lt, "-9223372036854775809", "-7", "True"},
    {Lt, "-9223372036854775809", "9007199254740993", "True"},
    {Lt, "-9223372036854775809", "9223372036854775807", "True"},
    {Lt, "-9223372036854775809", "-9223372036854775808", "True"},
    {Lt, "-9223372036854775809", "9223372036854775808", "True"},
    {Lt, "-9223372036854775809", "-9223372036854775809", "False"},
    {Lt, "-9223372036854775809", "-999999999999999999999999999993", "False"},
    {Lt, "-9223372036854775809", "3**100", "True"},
    {Lt, "-9223372036854775809", "10**400", "True"},
    {Lt, "-999999999999999999999999999993", "0", "True"},
    {Lt, "-999999999999999999999999999993", "1", "True"},
    {Lt, "-999999999999999999999999999993", "-7", "True"},
    {Lt, "-999999999999999999999999999993", "9007199254740993", "True"},
    {Lt, "-999999999999999999999999999993", "9223372036854775807", "True"},
    {Lt, "-999999999999999999999999999993", "-9223372036854775808", "True"},
    {Lt, "-999999999999999999999999999993", "9223372036854775808", "True"},
    {Lt, "-999999999999999999999999999993", "-9223372036854775809", "True"},
    {Lt, "-999999999999999999999999999993", "-999999999999999999999999999993", "False"},
    {Lt, "-999999999999999999999999999993", "3**100", "True"},
    {Lt, "-999999999999999999999999999993", "10**400", "True"},
    {Lt, "3**100", "0", "False"},
    {Lt, "3**100", "1", "False"},
    {Lt, "3**100", "-7", "False"},
    {Lt, "3**100", "9007199254740993", "False"},
    {Lt, "3**100", "9223372036854775807", "False"},
    {Lt, "3**100", "-9223372036854775808", "False"},
    {Lt, "3**100", "9223372036854775808", "False"},
    {Lt, "3**100", "-9223372036854775809", "False"},
    {Lt, "3**100", "-999999999999999999999999999993", "False"},
    {Lt, "3**100", "3**100", "False"},
    {Lt, "3**100", "10**400", "True"},
    {Lt, "10**400", "0", "False"},
    {Lt, "10**400", "1", "False"},
    {Lt, "10**400", "-7", "False"},
    {Lt, "10**400", "9007199254740993", "False"},
    {Lt, "10**400", "9223372036854775807", "False"},
    {Lt, "10**400", "-9223372036854775808", "False"},
    {Lt, "10**400", "9223372036854775808", "False"},
    {Lt, "10**400", "-9223372036854775809", "False"},
    {Lt, "10**400", "-999999999999999999999999999993", "False"},
    {Lt, "10**400", "3**100", "False"},
    {Lt, "10**400", "10**400", "False"},
    {Lt, "0", "0.0", "False"},
    {Lt, "0.0", "0", "False"},
    {Lt, "0", "-2.5", "False"},
    {Lt, "-2.5", "0", "True"},
    {Lt, "0", "1e+300", "True"},
    {Lt, "1e+300", "0", "False"},
    {Lt, "0", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "0", "False"},
    {Lt, "0", "inf", "True"},
    {Lt, "inf", "0", "False"},
    {Lt, "1", "0.0", "False"},
    {Lt, "0.0", "1", "True"},
    {Lt, "1", "-2.5", "False"},
    {Lt, "-2.5", "1", "True"},
    {Lt, "1", "1e+300", "True"},
    {Lt, "1e+300", "1", "False"},
    {Lt, "1", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "1", "False"},
    {Lt, "1", "inf", "True"},
    {Lt, "inf", "1", "False"},
    {Lt, "-7", "0.0", "True"},
    {Lt, "0.0", "-7", "False"},
    {Lt, "-7", "-2.5", "True"},
    {Lt, "-2.5", "-7", "False"},
    {Lt, "-7", "1e+300", "True"},
    {Lt, "1e+300", "-7", "False"},
    {Lt, "-7", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "-7", "False"},
    {Lt, "-7", "inf", "True"},
    {Lt, "inf", "-7", "False"},
    {Lt, "9007199254740993", "0.0", "False"},
    {Lt, "0.0", "9007199254740993", "True"},
    {Lt, "9007199254740993", "-2.5", "False"},
    {Lt, "-2.5", "9007199254740993", "True"},
    {Lt, "9007199254740993", "1e+300", "True"},
    {Lt, "1e+300", "9007199254740993", "False"},
    {Lt, "9007199254740993", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "9007199254740993", "False"},
    {Lt, "9007199254740993", "inf", "True"},
    {Lt, "inf", "9007199254740993", "False"},
    {Lt, "9223372036854775807", "0.0", "False"},
    {Lt, "0.0", "9223372036854775807", "True"},
    {Lt, "9223372036854775807", "-2.5", "False"},
    {Lt, "-2.5", "9223372036854775807", "True"},
    {Lt, "9223372036854775807", "1e+300", "True"},
    {Lt, "1e+300", "9223372036854775807", "False"},
    {Lt, "9223372036854775807", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "9223372036854775807", "False"},
    {Lt, "9223372036854775807", "inf", "True"},
    {Lt, "inf", "9223372036854775807", "False"},
    {Lt, "-9223372036854775808", "0.0", "True"},
    {Lt, "0.0", "-9223372036854775808", "False"},
    {Lt, "-9223372036854775808", "-2.5", "True"},
    {Lt, "-2.5", "-9223372036854775808", "False"},
    {Lt, "-9223372036854775808", "1e+300", "True"},
    {Lt, "1e+300", "-9223372036854775808", "False"},
    {Lt, "-9223372036854775808", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "-9223372036854775808", "False"},
    {Lt, "-9223372036854775808", "inf", "True"},
    {Lt, "inf", "-9223372036854775808", "False"},
    {Lt, "9223372036854775808", "0.0", "False"},
    {Lt, "0.0", "9223372036854775808", "True"},
    {Lt, "9223372036854775808", "-2.5", "False"},
    {Lt, "-2.5", "9223372036854775808", "True"},
    {Lt, "9223372036854775808", "1e+300", "True"},
    {Lt, "1e+300", "9223372036854775808", "False"},
    {Lt, "9223372036854775808", "9.223372036854776e+18", "False"},
    {Lt, "9.223372036854776e+18", "9223372036854775808", "False"},
    {Lt, "9223372036854775808", "inf", "True"},
    {Lt, "inf", "9223372036854775808", "False"},
    {Lt, "-9223372036854775809", "0.0", "True"},
    {Lt, "0.0", "-9223372036854775809", "False"},
    {Lt, "-9223372036854775809", "-2.5", "True"},
    {Lt, "-2.5", "-9223372036854775809", "False"},
    {Lt, "-9223372036854775809", "1e+300", "True"},
    {Lt, "1e+300", "-9223372036854775809", "False"},
    {Lt, "-9223372036854775809", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "-9223372036854775809", "False"},
    {Lt, "-9223372036854775809", "inf", "True"},
    {Lt, "inf", "-9223372036854775809", "False"},
    {Lt, "-999999999999999999999999999993", "0.0", "True"},
    {Lt, "0.0", "-999999999999999999999999999993", "False"},
    {Lt, "-999999999999999999999999999993", "-2.5", "True"},
    {Lt, "-2.5", "-999999999999999999999999999993", "False"},
    {Lt, "-999999999999999999999999999993", "1e+300", "True"},
    {Lt, "1e+300", "-999999999999999999999999999993", "False"},
    {Lt, "-999999999999999999999999999993", "9.223372036854776e+18", "True"},
    {Lt, "9.223372036854776e+18", "-999999999999999999999999999993", "False"},
    {Lt, "-999999999999999999999999999993", "inf", "True"},
    {Lt, "inf", "-999999999999999999999999999993", "False"},
    {Lt, "3**100", "0.0", "False"},
    {Lt, "0.0", "3**100", "True"},
    {Lt, "3**100", "-2.5", "False"},
    {Lt, "-2.5", "3**100", "True"},
    {Lt, "3**100", "1e+300", "True"},
    {Lt, "1e+300", "3**100", "False"},
    {Lt, "3**100", "9.223372036854776e+18", "False"},
    {Lt, "9.223372036854776e+18", "3**100", "True"},
    {Lt, "3**100", "inf", "True"},
    {Lt, "inf", "3**100", "False"},
    {Lt, "10**400", "0.0", "False"},
    {Lt, "0.0", "10**400", "True"},
    {Lt, "10**400", "-2.5", "False"},
    {Lt, "-2.5", "10**400", "True"},
    {Lt, "10**400", "1e+300", "False"},
    {Lt, "1e+300", "10**400", "True"},
    {Lt, "10**400", "9.223372036854776e+18", "False"},
    {Lt, "9.223372036854776e+18", "10**400", "True"},
    {Lt, "10**400", "inf", "True"},
    {Lt, "inf", "10**400", "False"},
    {Le, "0", "0", "True"},
    {Le, "0", "1", "True"},
    {Le, "0", "-7", "False"},
    {Le, "0", "9007199254740993", "True"},
    {Le, "0", "9223372036854775807", "True"},
    {Le, "0", "-9223372036854775808", "False"},
    {Le, "0", "9223372036854775808", "True"},
    {Le, "0", "-9223372036854775809", "False"},
    {Le, "0", "-999999999999999999999999999993", "False"},
    {Le, "0", "3**100", "True"},
    {Le, "0", "10**400", "True"},
    {Le, "1", "0", "False"},
    {Le, "1", "1", "True"},
    {Le, "1", "-7", "False"},
    {Le, "1", "9007199254740993", "True"},
    {Le, "1", "9223372036854775807", "True"},
    {Le, "1", "-9223372036854775808", "False"},
    {Le, "1", "9223372036854775808", "True"},
    {Le, "1", "-9223372036854775809", "False"},
    {Le, "1", "-999999999999999999999999999993", "False"},
    {Le, "1", "3**100", "True"},
    {Le, "1", "10**400", "True"},
    {Le, "-7", "0", "True"},
    {Le, "-7", "1", "True"},
    {Le, "-7", "-7", "True"},
    {Le, "-7", "9007199254740993", "True"},
    {Le, "-7", "9223372036854775807", "True"},
    {Le, "-7", "-9223372036854775808", "False"},
    {Le, "-7", "9223372036854775808", "True"},
    {Le, "-7", "-9223372036854775809", "False"},
    {Le, "-7", "-999999999999999999999999999993", "False"},
    {Le, "-7", "3**100", "True"},
    {Le, "-7", "10**400", "True"},
    {Le, "9007199254740993", "0", "False"},
    {Le, "9007199254740993", "1", "False"},
    {Le, "9007199254740993", "-7", "False"},
    {Le, "9007199254740993", "9007199254740993", "True"},
    {Le, "9007199254740993", "9223372036854775807", "True"},
    {Le, "9007199254740993", "-9223372036854775808", "False"},
    {Le, "9007199254740993", "9223372036854775808", "True"},
    {Le, "9007199254740993", "-9223372036854775809", "False"},
    {Le, "9007199254740993", "-999999999999999999999999999993", "False"},
    {Le, "9007199254740993", "3**100", "True"},
    {Le, "9007199254740993", "10**400", "True"},
    {Le, "9223372036854775807", "0", "False"},
    {Le, "9223372036854775807", "1", "False"},
    {Le, "9223372036854775807", "-7", "False"},
    {Le, "9223372036854775807", "9007199254740993", "False"},
    {Le, "9223372036854775807", "9223372036854775807", "True"},
    {Le, "9223372036854775807", "-9223372036854775808", "False"},
    {Le, "9223372036854775807", "9223372036854775808", "True"},
    {Le, "9223372036854775807", "-9223372036854775809", "False"},
    {Le, "9223372036854775807", "-999999999999999999999999999993", "False"},
    {Le, "9223372036854775807", "3**100", "True"},
    {Le, "9223372036854775807", "10**400", "True"},
    {Le, "-9223372036854775808", "0", "True"},
    {Le, "-9223372036854775808", "1", "True"},
    {Le, "-9223372036854775808", "-7", "True"},
    {Le, "-9223372036854775808", "9007199254740993", "True"},
    {Le, "-9223372036854775808", "9223372036854775807", "True"},
    {Le, "-9223372036854775808", "-9223372036854775808", "True"},
    {Le, "-9223372036854775808", "9223372036854775808", "True"},
    {Le, "-9223372036854775808", "-9223372036854775809", "False"},
    {Le, "-9223372036854775808", "-999999999999999999999999999993", "False"},
    {Le, "-9223372036854775808", "3**100", "True"},
    {Le, "-9223372036854775808", "10**400", "True"},
    {Le, "9223372036854775808", "0", "False"},
    {Le, "9223372036854775808", "1", "False"},
    {Le, "9223372036854775808", "-7", "False"},
    {Le, "9223372036854775808", "9007199254740993", "False"},
    {Le, "9223372036854775808", "9223372036854775807", "False"},
    {Le, "9223372036854775808", "-9223372036854775808", "False"},
    {Le, "9223372036854775808", "9223372036854775808", "True"},
    {Le, "9223372036854775808", "-9223372036854775809", "False"},
    {Le, "9223372036854775808", "-999999999999999999999999999993", "False"},
    {Le, "9223372036854775808", "3**100", "True"},
    {Le, "9223372036854775808", "10**400", "True"},
    {Le, "-9223372036854775809", "0", "True"},
    {Le, "-9223372036854775809", "1", "True"},
    {Le, "-9223372036854775809", "-7", "True"},
    {Le, "-9223372036854775809", "9007199254740993", "True"},
    {Le, "-9223372036854775809", "9223372036854775807", "True"},
    {Le, "-9223372036854775809", "-9223372036854775808", "True"},
    {Le, "-9223372036854775809", "9223372036854775808", "True"},
    {Le, "-9223372036854775809", "-9223372036854775809", "True"},
    {Le, "-9223372036854775809", "-999999999999999999999999999993", "False"},
    {Le, "-9223372036854775809", "3**100", "True"},
    {Le, "-9223372036854775809", "10**400", "True"},
    {Le, "-999999999999999999999999999993", "0", "True"},
    {Le, "-999999999999999999999999999993", "1", "True"},
    {Le, "-999999999999999999999999999993", "-7", "True"},
    {Le, "-999999999999999999999999999993", "9007199254740993", "True"},
    {Le, "-999999999999999999999999999993", "9223372036854775807", "True"},
    {Le, "-999999999999999999999999999993", "-9223372036854775808", "True"},
    {Le, "-999999999999999999999999999993", "9223372036854775808", "True"},
    {Le, "-999999999999999999999999999993", "-9223372036854775809", "True"},
    {Le, "-999999999999999999999999999993", "-999999999999999999999999999993", "True"},
    {Le, "-999999999999999999999999999993", "3**100", "True"},
    {Le, "-999999999999999999999999999993", "10**400", "True"},
    {Le, "3**100", "0", "False"},
    {Le, "3**100", "1", "False"},
    {Le, "3**100", "-7", "False"},
    {Le, "3**100", "9007199254740993", "False"},
    {Le, "3**100", "9223372036854775807", "False"},
    {Le, "3**100", "-9223372036854775808", "False"},
    {Le, "3**100", "9223372036854775808", "False"},
    {Le, "3**100", "-9223372036854775809", "False"},
    {Le, "3**100", "-999999999999999999999999999993", "False"},
    {Le, "3**100", "3**100", "True"},
    {Le, "3**100", "10**400", "True"},
    {Le, "10**400", "0", "False"},
    {Le, "10**400", "1", "False"},
    {Le, "10**400", "-7", "False"},
    {Le, "10**400", "9007199254740993", "False"},
    {Le, "10**400", "9223372036854775807", "False"},
    {Le, "10**400", "-9223372036854775808", "False"},
    {Le, "10**400", "9223372036854775808", "False"},
    {Le, "10**400", "-9223372036854775809", "False"},
    {Le, "10**400", "-999999999999999999999999999993", "False"},
    {Le, "10**400", "3**100", "False"},
    {Le, "10**400", "10**400", "True"},
    {Le, "0", "0.0", "True"},
    {Le, "0.0", "0", "True"},
    {Le, "0", "-2.5", "False"},
    {Le, "-2.5", "0", "True"},
    {Le, "0", "1e+300", "True"},
    {Le, "1e+300", "0", "False"},
    {Le, "0", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "0", "False"},
    {Le, "0", "inf", "True"},
    {Le, "inf", "0", "False"},
    {Le, "1", "0.0", "False"},
    {Le, "0.0", "1", "True"},
    {Le, "1", "-2.5", "False"},
    {Le, "-2.5", "1", "True"},
    {Le, "1", "1e+300", "True"},
    {Le, "1e+300", "1", "False"},
    {Le, "1", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "1", "False"},
    {Le, "1", "inf", "True"},
    {Le, "inf", "1", "False"},
    {Le, "-7", "0.0", "True"},
    {Le, "0.0", "-7", "False"},
    {Le, "-7", "-2.5", "True"},
    {Le, "-2.5", "-7", "False"},
    {Le, "-7", "1e+300", "True"},
    {Le, "1e+300", "-7", "False"},
    {Le, "-7", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "-7", "False"},
    {Le, "-7", "inf", "True"},
    {Le, "inf", "-7", "False"},
    {Le, "9007199254740993", "0.0", "False"},
    {Le, "0.0", "9007199254740993", "True"},
    {Le, "9007199254740993", "-2.5", "False"},
    {Le, "-2.5", "9007199254740993", "True"},
    {Le, "9007199254740993", "1e+300", "True"},
    {Le, "1e+300", "9007199254740993", "False"},
    {Le, "9007199254740993", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "9007199254740993", "False"},
    {Le, "9007199254740993", "inf", "True"},
    {Le, "inf", "9007199254740993", "False"},
    {Le, "9223372036854775807", "0.0", "False"},
    {Le, "0.0", "9223372036854775807", "True"},
    {Le, "9223372036854775807", "-2.5", "False"},
    {Le, "-2.5", "9223372036854775807", "True"},
    {Le, "9223372036854775807", "1e+300", "True"},
    {Le, "1e+300", "9223372036854775807", "False"},
    {Le, "9223372036854775807", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "9223372036854775807", "False"},
    {Le, "9223372036854775807", "inf", "True"},
    {Le, "inf", "9223372036854775807", "False"},
    {Le, "-9223372036854775808", "0.0", "True"},
    {Le, "0.0", "-9223372036854775808", "False"},
    {Le, "-9223372036854775808", "-2.5", "True"},
    {Le, "-2.5", "-9223372036854775808", "False"},
    {Le, "-9223372036854775808", "1e+300", "True"},
    {Le, "1e+300", "-9223372036854775808", "False"},
    {Le, "-9223372036854775808", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "-9223372036854775808", "False"},
    {Le, "-9223372036854775808", "inf", "True"},
    {Le, "inf", "-9223372036854775808", "False"},
    {Le, "9223372036854775808", "0.0", "False"},
    {Le, "0.0", "9223372036854775808", "True"},
    {Le, "9223372036854775808", "-2.5", "False"},
    {Le, "-2.5", "9223372036854775808", "True"},
    {Le, "9223372036854775808", "1e+300", "True"},
    {Le, "1e+300", "9223372036854775808", "False"},
    {Le, "9223372036854775808", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "9223372036854775808", "True"},
    {Le, "9223372036854775808", "inf", "True"},
    {Le, "inf", "9223372036854775808", "False"},
    {Le, "-9223372036854775809", "0.0", "True"},
    {Le, "0.0", "-9223372036854775809", "False"},
    {Le, "-9223372036854775809", "-2.5", "True"},
    {Le, "-2.5", "-9223372036854775809", "False"},
    {Le, "-9223372036854775809", "1e+300", "True"},
    {Le, "1e+300", "-9223372036854775809", "False"},
    {Le, "-9223372036854775809", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "-9223372036854775809", "False"},
    {Le, "-9223372036854775809", "inf", "True"},
    {Le, "inf", "-9223372036854775809", "False"},
    {Le, "-999999999999999999999999999993", "0.0", "True"},
    {Le, "0.0", "-999999999999999999999999999993", "False"},
    {Le, "-999999999999999999999999999993", "-2.5", "True"},
    {Le, "-2.5", "-999999999999999999999999999993", "False"},
    {Le, "-999999999999999999999999999993", "1e+300", "True"},
    {Le, "1e+300", "-999999999999999999999999999993", "False"},
    {Le, "-999999999999999999999999999993", "9.223372036854776e+18", "True"},
    {Le, "9.223372036854776e+18", "-999999999999999999999999999993", "False"},
    {Le, "-999999999999999999999999999993", "inf", "True"},
    {Le, "inf", "-999999999999999999999999999993", "False"},
    {Le, "3**100", "0.0", "False"},
    {Le, "0.0", "3**100", "True"},
    {Le, "3**100", "-2.5", "False"},
    {Le, "-2.5", "3**100", "True"},
    {Le, "3**100", "1e+300", "True"},
    {Le, "1e+300", "3**100", "False"},
    {Le, "3**100", "9.223372036854776e+18", "False"},
    {Le, "9.223372036854776e+18", "3**100", "True"},
    {Le, "3**100", "inf", "True"},
    {Le, "inf", "3**100", "False"},
    {Le, "10**400", "0.0", "False"},
    {Le, "0.0", "10**400", "True"},
    {Le, "10**400", "-2.5", "False"},
    {Le, "-2.5", "10**400", "True"},
    {Le, "10**400", "1e+300", "False"},
    {Le, "1e+300", "10**400", "True"},
    {Le, "10**400", "9.223372036854776e+18", "False"},
    {Le, "9.223372036854776e+18", "10**400", "True"},
    {Le, "10**400", "inf", "True"},
    {Le, "inf", "10**400", "False"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(bin(c.op, c.a, c.b), c.expect)
        << spelling(c.op) << " on " << c.a << " and " << c.b;
}

/// Random operands of up to 60 digits (Python-checked table).
TEST(AtomBigInt, RandomOperands) {
  static const Case cases[] = {
    {Add, "-556071579315506232471824706", "-4", "-556071579315506232471824710"},
    {Sub, "415631777365721749250993", "85440897", "415631777365721663810096"},
    {Mul, "-201931899108", "-86158951844987115972639", "17398240771212968758146833836506012"},
    {Div, "-54769", "-1413700006620", "3.874159987517197e-08"},
    {Mod, "-961839217036334596268876206597840", "-454762638683624142524254726", "-319528115607985089112192430"},
    {Lt, "-921668814208831393261602401530109644404117545609265732565", "-9771139038931536395677502445647517836", "True"},
    {Add, "-39042089", "36698288594775747498829632444703", "36698288594775747498829593402614"},
    {Sub, "-4", "-2468736550", "2468736546"},
    {Mul, "2287", "-90155858843695945526338041800", "-206186449175532627418735101596600"},
    {Div, "-117910439244957387258455741703944", "94034249", "-1.2539095116818277e+24"},
    {Mod, "-247787302071080662267350677", "757825656041992738399476891589994927", "757825655794205436328396229322644250"},
    {Lt, "283245482095815", "31128182349511", "False"},
    {Add, "1", "8119699914", "8119699915"},
    {Sub, "384947621814046686506865597834474879605061123768563490859703", "3986073", "384947621814046686506865597834474879605061123768563486873630"},
    {Mul, "-3039832294468663696243172830092680505442606144809983696913", "-6798287744773599", "20665654633653326621396364461242886522445062196010696046582317112220199887"},
    {Div, "2460595787511085479339333409135928910471", "9202753648342440161488173082627233464", "267.37603564496993"},
    {Mod, "62452202392204518", "6307315015927689689221976108", "62452202392204518"},
    {Lt, "-58656", "-3726476794", "False"},
    {Add, "-837896495439791400696050", "-17793499978641357587938862", "-18631396474081148988634912"},
    {Sub, "14613219743075182760334", "-219250676", "14613219743075402011010"},
    {Mul, "64025205758612666550371230", "-22231899601560920263958422084160", "-1423401946394756879108857497217387148824615401878302716800"},
    {Div, "-90185682146369697213628609266926513570752964485958630512", "-413", "2.183672691195392e+53"},
    {Mod, "-2", "9577736191", "9577736189"},
    {Lt, "-2337704005579528", "4460431", "True"},
    {Add, "-22332788559", "5866294789694255809", "5866294767361467250"},
    {Sub, "743717208162650815654596180", "4378727109651671843147608499380535", "-4378726365934463680496792844784355"},
    {Mul, "71910176946", "-152493096021900790211038293065", "-10965805517978254515332988336685954679490"},
    {Div, "51918015716793081151133004769211482578486359800188594", "-74713112588684486863416660870925686", "-6.948983105899434e+17"},
    {Mod, "-6169883933114280496547749382397960187", "-2910612189558002765561030151536583445008", "-6169883933114280496547749382397960187"},
    {Lt, "190249873192914671501273828130361721981958895866430996", "-40968532504279", "False"},
    {Add, "283868363904455664559384404621240410033583230756339", "-44765456346", "283868363904455664559384404621240410033538465299993"},
    {Sub, "-526721783432303326", "-875781621165678", "-525846001811137648"},
    {Mul, "-8539870342909202", "97820213172798906495946783970", "-835371937411441436171902195019611825619091940"},
    {Div, "-56585567910384154115871196414113309678146236020654604561396", "-401278270257667072873017", "1.4101328704903377e+35"},
    {Mod, "39254680", "-94733834604", "-94694579924"},
    {Lt, "-8785783024780226172947776014864192545", "403742244997", "True"},
    {Add, "-2897027015761469260465846514938364292328429152796386658612", "4456877401894990168128", "-2897027015761469260465846514938364287871551750901396490484"},
    {Sub, "-39403581446270469", "106586588802085", "-39510168035072554"},
    {Mul, "741906301281141900203902510836494496762176749389400", "522326057", "387516993011632897190991894497625942195987048245642459595800"},
    {Div, "523107754516553627870119798111400625695969383505151", "62157849113901088633262496790", "8.415795623139812e+21"},
    {Mod, "-53236174440297318109654656197134393588048037613911628586598", "64683320076", "12000411034"},
    {Lt, "985860825600927471437619479691416470287150292", "-10979147", "False"},
    {Add, "3", "-50779828456983431791555", "-50779828456983431791552"},
    {Sub, "-57976809655835055609", "506551675831596246076", "-564528485487431301685"},
    {Mul, "685667537261751462502159245007", "27", "18513023506067289487558299615189"},
    {Div, "-22974852806960759732857340803917434341506844963188255444", "-1118530535771964685149063235409261004", "2.0540210635469545e+19"},
    {Mod, "729136455953068712866979780", "-9342367597341038442677971842345", "-9341638460885085373965104862565"},
    {Lt, "285617929069750520404317998", "146740935460214468259", "False"},
    {Add, "-2555259884719422747206677657823963739843568570223", "-98460141", "-2555259884719422747206677657823963739843667030364"},
    {Sub, "-98716932677356484", "63593136941961490784137468454146115783", "-63593136941961490784236185386823472267"},
    {Mul, "-50098967302553816990808037208148449590", "94047822265973831798674279331", "-4711698772579415828388821313833930599434952702743275507158232424290"},
    {Div, "611596478570492211271954083707886324905378340", "191776051089428706", "3.189118115094014e+27"},
    {Mod, "-308737176140643715596541864323689202013256979483360", "-140286877714592", "-35256978612064"},
    {Lt, "291150879745345772072570273", "-96", "False"},
    {Add, "12147173834560670063183923158634227733620365931294902", "-2205583", "12147173834560670063183923158634227733620365929089319"},
    {Sub, "-630675636663702600956099131740862002168528615716463718808382", "-500830606799189424761120", "-630675636663702600956099131740862001667698008917274294047262"},
    {Mul, "-611287627616958753013976698527046980", "70235238301", "-42933932196130046766824455404708380334122380980"},
    {Div, "-696461328", "-8265334081", "0.08426293736885915"},
    {Mod, "3151875521822766612890407453619007466", "-874082732004449829376453", "-643710210084832895899336"},
    {Lt, "-861528085420500322658252840218400", "-972346799880", "True"},
    {Add, "4300220215816383585603349593217793824561758590770", "-235", "4300220215816383585603349593217793824561758590535"},
    {Sub, "-86856347622861621208538438206340601086638093192312412132814", "-834953648603", "-86856347622861621208538438206340601086638093191477458484211"},
    {Mul, "563866748195529467016006063068677286625445326272142", "-92584333112441497214948635148431350342", "-52205226845964070682352191582274539351968121324110217613565290963539987581836806036772564"},
    {Div, "494368389813150", "23104869601872637439672242684414870654", "2.139671845510358e-23"},
    {Mod, "-39836545378246302339030453295512175314", "178021668926596329426672700697163670", "40308461311275452544231660652486766"},
    {Lt, "-95009797554423315357", "-4", "True"},
    {Add, "2", "-574871748586311652473418051", "-574871748586311652473418049"},
    {Sub, "-4844430735534537675772702000812", "-4662530119", "-4844430735534537675768039470693"},
    {Mul, "-23544352046693772113176284649615189389504636", "-13969785046961383612648", "328909537162297305636088672278361476046485170978769940572824236128"},
    {Div, "-314881853291921479181", "-668341898162963137289019079300747207", "4.711388799017703e-16"},
    {Mod, "2820861670647015111138757", "-559143718141486", "-494754394235619"},
    {Lt, "54646999604929467385655449576", "328739258573842525908898734", "False"},
    {Add, "54246304090126209388438339706539244407569501009962104389019", "2743934", "54246304090126209388438339706539244407569501009962107132953"},
    {Sub, "1846756153174416952717463596", "-277607329", "1846756153174416952995070925"},
    {Mul, "-4652642494493177845814399607173005612", "-53323424618812467205884371999", "248094831333390568424031531111462601216931300400611360171922658388"},
    {Div, "-920965", "637938669480", "-1.443657586630862e-06"},
    {Mod, "63196921297255844467655556704146984", "-944467", "-279943"},
    {Lt, "-569330167427677962462701025311941430", "-50250890001508708568", "True"},
    {Add, "-5465553881031142055211283992", "383191354810115096459119620364", "377725800929083954403908336372"},
    {Sub, "3879051695293554", "-71498097781423458790756", "71498101660475154084310"},
    {Mul, "97", "-46702864757668141739819", "-4530177881493809748762443"},
    {Div, "59479030451741350027014480043861174685", "7", "8.497004350248764e+36"},
    {Mod, "-8427464386300", "-8493894604701080382609", "-8427464386300"},
    {Lt, "455198741440207811472047973951404207626505642220526497", "8", "False"},
    {Add, "-8600522623006156804233956029508189758848835717", "-386348307101554900488429762399", "-8600522623006157190582263131063090247278598116"},
    {Sub, "-932050234", "-26140440", "-905909794"},
    {Mul, "-705142399821514869062678715493052458458444463581578057125", "-2870988560709783262394", "2024455763559013503946497662210536207265393416544064100192301285144946596257250"},
    {Div, "298818453800212766820624426255442966176359", "343871012697", "8.689841329065878e+29"},
    {Mod, "4634945842761628360019921426215002112639722382805", "4318300584689252570241179437807", "1506168549856664194871063868432"},
    {Lt, "8906327643691356603638629251458667100711245", "-183700831728474659359629833996576606", "False"},
    {Add, "-429186601079713", "138728254331579625498983", "138728253902393024419270"},
    {Sub, "603411322966945977572028597842421433176509328971895760661", "9337926324258158413909525943691481", "603411322966945977572019259916097175018095419445952069180"},
    {Mul, "-23", "32734170580473547774571257151670593812", "-752885923350891598815138914488423657676"},
    {Div, "26129075553027030751069095887473459515678347992789146974", "-7305578185096", "-3.5765924189727466e+42"},
    {Mod, "9374431488260044157492325345367834522355685328398", "-1833124717435365204173660021", "-1420193306618797098765741656"},
    {Lt, "806875836071", "-66394574884814604517097857768912727", "False"},
    {Add, "48450802454387424616011784902274547511676361", "-112910440809563459115", "48450802454387424616011671991833737948217246"},
    {Sub, "4516053191166973216713634168804934765408484576", "-714459531094483027369251", "4516053191166973216714348628336029248435853827"},
    {Mul, "471510773432559675257108098883212076477780688730755", "45947659920791186764370869724135120942", "21664816666668476097017354622336793431237188445321219115411887495648378785892328399971210"},
    {Div, "-542478677429303634476800425764476803036305", "-57514608726167194754541101", "9432015438235856.0"},
    {Mod, "-109248447891689684213305353578585092238573315893", "66", "5"},
    {Lt, "-6949472996011571944721172128972396662879553456952", "-9960286450878785134599976391347", "True"},
    {Add, "8306676", "183294734739930465154179", "183294734739930473460855"},
    {Sub, "1963039150142705290146016049455778492194986998123", "6", "1963039150142705290146016049455778492194986998117"},
    {Mul, "88372644351248758496892404213504364924203318855995199494196", "4634912682367257857766", "409599490077934081343558081771177411189194896461895103714049256605890229710526136"},
    {Div, "1990673157206579508182375105923248520382935138", "198736489437", "1.0016646479194392e+34"},
    {Mod, "4472742568681107744520278646951062091626512881261392552", "27788065425383227394460733", "21915649039163325467580987"},
    {Lt, "949014905438365", "2062210626", "False"},
    {Add, "-633486222930954529636708642335484493784210", "-208965062640437641354", "-633486222930954529636917607398124931425564"},
    {Sub, "-5500975828872659712883468689095", "-53755347744963", "-5500975828872659659128120944132"},
    {Mul, "976455695074713571808921", "5338010733802380664102579924111031", "5212330981391285452297581479605494857901312181293520307551"},
    {Div, "2", "3615885304486335581739", "5.531148893242109e-22"},
    {Mod, "-602868051786391461061182437930491", "8807080893162672740654309250", "3056593272976054826993159759"},
    {Lt, "4476306699261974411310483546683265", "-288888589096326223099", "False"},
    {Add, "-35508134", "-806683898709514409492875", "-806683898709514445001009"},
    {Sub, "6885", "-95187072538743612666705875165", "95187072538743612666705882050"},
    {Mul, "-960725294545670778716739566175404233045128670", "-45834687951420943037553074008372", "44034544082537793084201056618178691354836230000893766559213256523085397225240"},
    {Div, "84122506559315272939465914972", "4975106773", "1.6908683651946875e+19"},
    {Mod, "-195841361", "9430", "879"},
    {Lt, "-4375468987279817630061227257223109141482162556", "527079449397422604105079960098155604731", "True"},
    {Add, "-672496", "-62999947266028920147237700", "-62999947266028920147910196"},
    {Sub, "-5115", "-10", "-5105"},
    {Mul, "-580069573198", "296647944190978558196552558", "-172076446376925055655043646914035140484"},
    {Div, "651", "-362020969813427991981", "-1.7982383736928303e-18"},
    {Mod, "2117191102333556069998285853133334691340", "-4951765419676831271061553", "-3178688115735851122520795"},
    {Lt, "5724424744790266199497", "-2648358462407397350218974718077009879", "False"},
    {Add, "-4937850646449287567738230601860594917386554655", "-28582", "-4937850646449287567738230601860594917386583237"},
    {Sub, "69214203545455523980", "-94639923819517598", "69308843469275041578"},
    {Mul, "59014864886910385243588220717404243158972801871908343", "-6118280270429300312", "-361069483499634691202533427920812245687332272577786771668417045685303016"},
    {Div, "-165297123665726494060764775117196843456531513100", "-157511607577125586955927230779920546", "1049428205377.1099"},
    {Mod, "-87246738524863563835899376", "-40148080405731632", "-29799644631276992"},
    {Lt, "-7973079181858978942295462396340572", "-9797597395", "True"},
    {Add, "-85353684897858306315042061396154144268", "7660418126527119863091757107452822161345", "7575064441629261556776715046056668017077"},
    {Sub, "-2879", "-50537987755474594670619249", "50537987755474594670616370"},
    {Mul, "1600", "68723729166917", "109957966667067200"},
    {Div, "7300253351287894522348063943919904358226372", "18557456257", "3.933865315476192e+32"},
    {Mod, "-998588165290860709253060730304623495284411", "16", "5"},
    {Lt, "-97146892839166372233848493", "-5316", "True"},
    {Add, "4720162544", "-64989780069467820888474999", "-64989780069467816168312455"},
    {Sub, "-1731397573883464067348462034606776853104", "-9773275812182924747169183997171", "-1731397564110188255165537287437592855933"},
    {Mul, "-3468150506496178035990293638908653241614375118912", "519092133081704", "-1800289644265493182032716022569975554820362948391019624011586048"},
    {Div, "-3869296273114953574510812685935618255928", "92", "-4.2057568186032105e+37"},
    {Mod, "973", "2408485703818469475030767528202461302", "973"},
    {Lt, "661859709655947795183277189989334315705511797038", "80252536", "False"},
    {Add, "1", "-43512108340906450354", "-43512108340906450353"},
    {Sub, "76170682641341450753202438778599895111451152", "-6285248002081418", "76170682641341450753202438784885143113532570"},
    {Mul, "7643547416881790", "327113240609811312553262727759225209175", "2500305565290954706751385202429478858462437938998423250"},
    {Div, "3839158351827691951828268204019827611333164438213547", "-493991953031494940895111674211648722", "-7771702207430336.0"},
    {Mod, "-85149231111270469119312581212851008378", "-53527173625362", "-53442080157332"},
    {Lt, "-655", "-416594681303421258349", "False"},
    {Add, "63966270240363650019681768760007", "-8388192862801", "63966270240363650011293575897206"},
    {Sub, "-5796391423419805714984450259799573726212945679365", "207475883", "-5796391423419805714984450259799573726213153155248"},
    {Mul, "-34881997928924554455588557679012110307546707911296077404", "-832385688047042459362750028739463", "29035275846523375330671511046849741617331832282459611412528904340618381302801898597394052"},
    {Div, "-40959659661912755025578700338831013626732235022588341842", "-818968938503056784064023", "5.0013691284532e+31"},
    {Mod, "33956342", "601733452710", "33956342"},
    {Lt, "-2399796921", "104396559419037716", "True"},
    {Add, "7314000106977228384072561528933917411404133006400068699", "-341204274529789", "7314000106977228384072561528933917411403791802125538910"},
    {Sub, "-919663603373915285525283240501875536149", "-21665106158800408921082643384825915332", "-897998497215114876604200597117049620817"},
    {Mul, "-2358", "-8", "18864"},
    {Div, "-9451226414895", "-50080816191172409516328168061100", "1.8871949647979056e-19"},
    {Mod, "-87599497457165203608780017525758", "-6190839611", "-759593139"},
    {Lt, "307216", "-47605638604619370147", "False"},
    {Add, "15905781944778648401", "-77646910486429713", "15828135034292218688"},
    {Sub, "-257267207600554396942652351190", "8", "-257267207600554396942652351198"},
    {Mul, "52252650466734739615347454", "-3227213663621543", "-168630467546686947812442378305805904601522"},
    {Div, "-54154068541285481821884125969555989287363684167165073158", "650901393816886199798618462128684", "-8.319857516931404e+22"},
    {Mod, "21800383", "-826310306594901009526312705554922978974", "-826310306594901009526312705554901178591"},
    {Lt, "6667245386956639879043573714725892613791410861446918495", "-778456206671608381356600211769", "False"},
    {Add, "-6202415", "83246704897535857641734708751287478278", "83246704897535857641734708751281275863"},
    {Sub, "-80969822286922175076477380891985", "-49410114430156251251845306172520", "-31559707856765923824632074719465"},
    {Mul, "5111952553962137486878975521659643255106105351196262406", "-1018193882213413549981401643127696485", "-5204958816609483190660580559331656610255767865856336849494463588625850790094986312383842910"},
    {Div, "4670578964212539703200408499562084484543632191805853667", "-549632955286911188068415473939874604510", "-8497632682477116.0"},
    {Mod, "9000801416", "-543", "-250"},
    {Lt, "-657033685", "-418023664563355137001", "False"},
    {Add, "695083509142341193679937", "1480", "695083509142341193681417"},
    {Sub, "124894770920261", "830", "124894770919431"},
    {Mul, "695158047084", "-1532291696390834725138128364244939", "-1065184903226082118723633235835419207470707876"},
    {Div, "716598114010674562685524688785", "-51423226329825013923748", "-13935300.547158668"},
    {Mod, "531123", "-4057849609201857452", "-4057849609201326329"},
    {Lt, "851769058613340148442286809437852010786687942614480490", "3434755716634253386035483715960269119", "False"},
    {Add, "-5", "-9232638602038374", "-9232638602038379"},
    {Sub, "3904037099031224634", "462399319614353603652814190951100022", "-462399319614353599748777091919875388"},
    {Mul, "6240557230665221849660402418969823249366359290", "5211682314135644715052", "32523801749409253776080768447271395597517479612309701605446703033080"},
    {Div, "-92211189848540739332702265650033568492453072817685360699003", "8014248350117", "-1.150590620855848e+46"},
    {Mod, "-6910929598474142", "-562547458539", "-34070322527"},
    {Lt, "-9530087786135874075093447326241916140750985227200371205", "6699411494954227", "True"},
    {Add, "637193042829380188678774316176395537351821495913", "-261029397", "637193042829380188678774316176395537351560466516"},
    {Sub, "12193070419929", "-48557733310480166088338863429", "48557733310480178281409283358"},
    {Mul, "23909118", "-1530170818041454813", "-36585034648709672015684934"},
    {Div, "998659008112801695924341156560831175624509607", "263414724949219383695171127370972", "3791204186878.0166"},
    {Mod, "-7989831742", "-147273609334478813590", "-7989831742"},
    {Lt, "239", "6", "False"},
    {Add, "38573172327349735581710186210459814", "-49734", "38573172327349735581710186210410080"},
    {Sub, "22912", "7190295433824052196", "-7190295433824029284"},
    {Mul, "48", "7706040", "369889920"},
    {Div, "4686617841552157658284422064202921057265644774895967026", "5250190", "8.926568070016815e+47"},
    {Mod, "721326760644063", "-5171367477018669275", "-5170646150258025212"},
    {Lt, "-1833607743837461443119197982643080912426973392750664792", "8633", "True"},
    {Add, "620368948140122560613427250588909", "-2384061745513398740307158936484296", "-1763692797373276179693731685895387"},
    {Sub, "-108518838523817022052602", "619278958449371801368", "-109138117482266393853970"},
    {Mul, "-4175508021424776015569845599148535842690210131071", "82658931631922948869495167245413652", "-345143032071496424288418458482565085979372017855036481775432976096173006770532781292"},
    {Div, "-7117299660473364548441594667157268192223351782877", "621381", "-1.145400271407295e+43"},
    {Mod, "-74195", "2824861023703221420", "2824861023703147225"},
    {Lt, "-176334", "-85631", "True"},
    {Add, "-6754306", "562350338390", "562343584084"},
    {Sub, "36123874829313644268994248488", "107856409190254070664859994270", "-71732534360940426395865745782"},
    {Mul, "-2898793969211736622", "338199177447496", "-980369735977171370347535385398512"},
    {Div, "7593403082072989730467024795365057898", "-9270594398107968061354388669450704", "-819.0848133343774"},
    {Mod, "-6113294193788767292555454752443590", "-4344141970266244640430614468982641258028", "-6113294193788767292555454752443590"},
    {Lt, "4215116663", "-5683638675388475902429902991835885", "False"},
    {Add, "4043275605768784053808730406359270949107570517858958", "81060502292469469565310816667465", "4043275605768784053889790908651740418672881334526423"},
    {Sub, "42", "9504422772092176672", "-9504422772092176630"},
    {Mul, "-602441578024547770771553327509201029934962229268", "-79390", "47827836879368847521553618670955469766536651381586520"},
    {Div, "-1306521007768846", "9134637057473654807021954", "-1.4302932886642653e-10"},
    {Mod, "15164932697792", "86", "44"},
    {Lt, "-42124223992201816490", "-266207554191942925989905079", "False"},
    {Add, "-924075", "-8659", "-932734"},
    {Sub, "3105829233399712170034797040409966208761852", "-585", "3105829233399712170034797040409966208762437"},
    {Mul, "780296501664149082103156028977265509567536650646", "46627407669", "36383203085788816173216008074638136047458551297769874204174"},
    {Div, "359828538044334301425000772893602264416329595562653", "2024687168903196347", "1.777205602775953e+32"},
    {Mod, "9314545034800295606794543482746705755342", "-6265326068835171792118705413585485391", "-1994829557604848085971467254911021075"},
    {Lt, "697599506973493487312", "-236666390268057831301208950158812", "False"},
    {Add, "662655307618369652943494856365932", "-107", "662655307618369652943494856365825"},
    {Sub, "-613782527483369759420076773367437565", "-398735531", "-613782527483369759420076772968702034"},
    {Mul, "361761868490024106420237581684067821755", "46865544571826957360980664307757366597", "16954166972106626868372036114541353444166624646789488819333938574064786917735"},
    {Div, "197292876404457530023990619235853329123563668505309", "-357057634657692038907774", "-5.5255190550287614e+26"},
    {Mod, "-9002", "-7668713534122013197755", "-9002"},
    {Lt, "810287308841590065275684108440475769297328056", "249545250", "False"},
    {Add, "424820", "-24173857403", "-24173432583"},
    {Sub, "6846905465618624963643890558770453465", "9622821391670120098979437053866020923", "-2775915926051495135335546495095567458"},
    {Mul, "-7447864773504839", "97736653532", "-727929378921230102668441348"},
    {Div, "884674322782353750954756359325110732968074408885421537042", "172551191452855082611116", "5.127025292225044e+33"},
    {Mod, "-10368", "8413", "6458"},
    {Lt, "8481407610824", "738352024056137642501529432284", "True"},
    {Add, "-85667844895312004358793080790923766", "265872284898019583819262245", "-85667844629439719460773496971661521"},
    {Sub, "89572826420247618", "4711577506994593888334921374508284372251", "-4711577506994593888334831801681864124633"},
    {Mul, "4214676374776603721446138297", "-7656", "-32267562325289678091391634801832"},
    {Div, "5360951", "54969490383739966723117614959618", "9.752593597967528e-26"},
    {Mod, "-60303233712008093264527906712754088822585", "-144978135", "-99371515"},
    {Lt, "-66", "9444970039394450803905145939212862", "True"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(bin(c.op, c.a, c.b), c.expect)
        << spelling(c.op) << " on " << c.a << " and " << c.b;
}

} // namespace

// Complex numbers follow Python's complexobject.c: repr without ".0", Smith
// division, integral powers by repeated squaring, polar form otherwise.
TEST(AtomComplexTest, ReprAndArithmetic) {
  Atom out;
  ASSERT_TRUE(py::binary(py::BinOp::Pow, Atom::integer(-8), Atom::real(0.5),
                         out)
                  .ok);
  ASSERT_TRUE(out.isComplex());
  EXPECT_EQ(py::repr(out), "(1.7319121124709868e-16+2.8284271247461903j)");
  EXPECT_EQ(py::complexRepr(0.0, 1.0), "1j");
  EXPECT_EQ(py::complexRepr(-0.0, 1.0), "(-0+1j)");
  EXPECT_EQ(py::complexRepr(1.5, -2.0), "(1.5-2j)");
  Atom sq;
  ASSERT_TRUE(py::binary(py::BinOp::Pow, out, Atom::integer(2), sq).ok);
  EXPECT_EQ(py::repr(sq), "(-8.000000000000002+9.797174393178828e-16j)");
  Atom q;
  py::Status st = py::binary(py::BinOp::Div, out, Atom::integer(0), q);
  EXPECT_FALSE(st.ok);
  EXPECT_EQ(st.message, "complex division by zero");
  st = py::binary(py::BinOp::Lt, out, Atom::integer(1), q);
  EXPECT_EQ(st.message,
            "'<' not supported between instances of 'complex' and 'int'");
  EXPECT_TRUE(py::equals(Atom::complex(2.0, 0.0), Atom::integer(2)));
  EXPECT_FALSE(py::equals(Atom::complex(2.0, 1.0), Atom::integer(2)));
  EXPECT_TRUE(py::truthy(Atom::complex(0.0, -1.0)));
  EXPECT_FALSE(Atom::complex(1.0, 2.0).isNumber());
}
