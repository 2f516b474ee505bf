//===- Parser.cpp - RASP source to AST ------------------------------------===//
//
/// \file
/// Implements rasp::parseBuffer: runs the ANTLR-generated lexer and parser
/// over one SourceMgr buffer, stops at the first lexer or parser error (the
/// reference REPL acts on the first error only), classifies it as Incomplete
/// or SyntaxError, and otherwise hands the parse tree to the ASTBuilder.
/// This is the only file that calls into the ANTLR runtime; every exception
/// it can throw is caught here.
///
/// Two stages. ANTLR's usual prediction tries SLL first, which ignores the
/// rule invocation stack. In this grammar `set example EXPR` has no
/// terminator, so every token that can start a statement can follow an
/// expression, and at each operator of a chain SLL reads to the end of the
/// chain before falling back to LL, which decides at the operator: a chain
/// costs quadratic time. The first stage predicts as usual except at those
/// operator-chain decisions, where it switches to LL once the SLL lookahead
/// cached in the DFA runs past a few tokens (LLFirstSimulator); it gives up
/// at the first error of any kind. Whenever it succeeds, the usual
/// prediction would have built the same tree (for valid input both choose
/// the one viable alternative, and ambiguities go to LL in both). On any
/// error the input is parsed again with ANTLR's usual prediction and error
/// strategy, so every message, location and incomplete-or-not verdict is
/// exactly what it was with one stage.
///
/// ANTLR parses by recursion, so input nesting becomes native stack depth.
/// The parse runs on a thread of its own with a stack sized from the nesting
/// limit (ParseOptions::maxNesting), and a parse listener stops it cleanly
/// ("expression nesting too deep") before that stack could overflow.
//
//===----------------------------------------------------------------------===//

#include "rasp/Parse/Parser.h"

#include "ASTBuilder.h"
#include "RaspLexer.h"
#include "RaspParser.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include "antlr4-runtime.h"

#include <algorithm>
#include <exception>
#include <string>

#include <pthread.h>

using namespace rasp;
using rasp::parse::ASTBuilder;
using rasp::parse::BuildError;
using rasp::parse::CodePointMap;

namespace {

/// The first error, as reported by ANTLR. Thrown out of the lexer or parser
/// by FirstErrorListener; never leaves this file. It holds copies, not the
/// offending token: that dies with the parser while the exception unwinds.
struct FirstError {
  std::string message;
  /// Whether there is an offending token (there is none for lexer errors)
  /// and whether it is the end of input.
  bool hasToken, atEOF;
  /// ANTLR position: 1-based line, 0-based column in code points.
  size_t line, column;
};

/// Thrown when the parser's rule nesting reaches kMaxRuleDepth.
struct TooDeep {
  size_t line, column;
};

/// Counts the rules the parser is inside of. ANTLR parses by recursive
/// descent (one native frame or more per rule), so this bounds its stack.
/// Nested parentheses and prefix operators cost one level each, a nested
/// list literal three (expr, listLiteral, exprList); the elements of a list
/// and the terms of an operator chain cost nothing more.
class DepthGuard : public antlr4::tree::ParseTreeListener {
public:
  explicit DepthGuard(unsigned limit) : limit(limit) {}

  void enterEveryRule(antlr4::ParserRuleContext *ctx) override {
    if (++depth <= limit)
      return;
    antlr4::Token *start = ctx->getStart();
    throw TooDeep{start ? start->getLine() : 1,
                  start ? start->getCharPositionInLine() : 0};
  }
  void exitEveryRule(antlr4::ParserRuleContext *) override { --depth; }
  void reset() { depth = 0; }
  void visitTerminal(antlr4::tree::TerminalNode *) override {}
  void visitErrorNode(antlr4::tree::ErrorNode *) override {}

private:
  unsigned limit;
  unsigned depth = 0;
};

/// The reference's Python runtime lexes the rest of the input while it
/// words a "no viable alternative" message (its token stream's getText
/// fills the stream), so a bad character anywhere after that point is
/// reported instead (`s x . 1;` gives "token recognition error at: '.'").
/// Other messages read only tokens already lexed.
class ReferenceErrorStrategy : public antlr4::DefaultErrorStrategy {
protected:
  void reportNoViableAlternative(antlr4::Parser *parser,
                                 const antlr4::NoViableAltException &e) override {
    if (auto *tokens = dynamic_cast<antlr4::BufferedTokenStream *>(
            parser->getTokenStream()))
      tokens->fill();
    antlr4::DefaultErrorStrategy::reportNoViableAlternative(parser, e);
  }
};

/// Thrown out of the first stage at its first lexer or parser error.
struct Bail {};

/// The first stage's error listener: any error means "parse again".
class BailListener : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t, size_t,
                   const std::string &, std::exception_ptr) override {
    throw Bail{};
  }
};

/// At the loop decisions of left-recursive rules (does the operator chain go
/// on at this precedence, or does the operand end here?), predicts with full
/// context (LL) as soon as the SLL lookahead cached in the DFA runs longer
/// than kSLLLookahead tokens without a verdict (see the file comment); every
/// other case predicts as usual. LL is not used everywhere because ANTLR
/// does not cache full-context predictions and builds each from the whole
/// rule invocation stack: in a 300000-element list or 4000 nested brackets
/// that costs more than the SLL scan it saves.
class LLFirstSimulator : public antlr4::atn::ParserATNSimulator {
public:
  LLFirstSimulator(antlr4::Parser *parser,
                   antlr4::atn::ParserATNSimulator &usual)
      : ParserATNSimulator(parser, parser->getATN(), usual.decisionToDFA,
                           usual.getSharedContextCache()) {}

  size_t adaptivePredict(antlr4::TokenStream *input, size_t decision,
                         antlr4::ParserRuleContext *outerContext) override {
    if (!needsLongSLLScan(input, decision))
      return ParserATNSimulator::adaptivePredict(input, decision, outerContext);
    _input = input;
    _startIndex = input->index();
    _outerContext = outerContext;
    antlr4::dfa::DFA &dfa = decisionToDFA[decision];
    _dfa = &dfa;
    ssize_t mark = input->mark();
    size_t start = _startIndex;
    struct Restore {
      LLFirstSimulator &sim;
      antlr4::TokenStream *input;
      size_t start;
      ssize_t mark;
      ~Restore() {
        sim.mergeCache.clear();
        sim._dfa = nullptr;
        input->seek(start);
        input->release(mark);
      }
    } restore{*this, input, start, mark};
    antlr4::ParserRuleContext *outer =
        outerContext ? outerContext : &antlr4::ParserRuleContext::EMPTY;
    std::unique_ptr<antlr4::atn::ATNConfigSet> s0 =
        computeStartState(dfa.atnStartState, outer, /*fullCtx=*/true);
    return execATNWithFullContext(dfa, nullptr, s0.get(), input, start,
                                  outer);
  }

private:
  static constexpr size_t kSLLLookahead = 8;

  /// Whether \p decision is an operator-chain decision whose SLL prediction,
  /// as far as the DFA has cached it, reads more than kSLLLookahead tokens.
  bool needsLongSLLScan(antlr4::TokenStream *input, size_t decision) {
    antlr4::dfa::DFA &dfa = decisionToDFA[decision];
    if (!dfa.isPrecedenceDfa())
      return false;
    antlr4::dfa::DFAState *d =
        dfa.getPrecedenceStartState(parser->getPrecedence());
    for (size_t i = 1; d; ++i) {
      if (d == ERROR.get() || d->isAcceptState || d->requiresFullContext)
        return false;
      if (i > kSLLLookahead)
        return true;
      size_t t = input->LA(static_cast<ssize_t>(i));
      d = getExistingTargetState(d, t);
      if (t == antlr4::Token::EOF)
        break;
    }
    // Not cached yet: the usual prediction builds the DFA.
    return false;
  }
};

/// Replaces ANTLR's console listeners on both the lexer and the parser and
/// aborts the parse at the first error.
class FirstErrorListener : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer *, antlr4::Token *offendingSymbol,
                   size_t line, size_t charPositionInLine,
                   const std::string &msg, std::exception_ptr) override {
    bool atEOF = offendingSymbol &&
                 offendingSymbol->getType() == antlr4::Token::EOF;
    throw FirstError{msg, offendingSymbol != nullptr, atEOF, line,
                     charPositionInLine};
  }
};

} // namespace

/// Maps an ANTLR line and code-point column to a location in the buffer.
static llvm::SMLoc findLoc(llvm::SourceMgr &sm, unsigned bufferID,
                           const CodePointMap &map, size_t line,
                           size_t column) {
  llvm::SMLoc lineStart = sm.FindLocForLineAndColumn(bufferID, line, 1);
  if (!lineStart.isValid())
    return lineStart;
  size_t byteCol = CodePointMap::byteColumn(lineStart.getPointer(),
                                            map.getBuffer().end(), column);
  llvm::SMLoc loc = sm.FindLocForLineAndColumn(bufferID, line, byteCol + 1);
  // FindLocForLineAndColumn refuses a column past a '\r'; fall back to the
  // plain byte position.
  if (!loc.isValid())
    loc = llvm::SMLoc::getFromPointer(lineStart.getPointer() + byteCol);
  return loc;
}

static bool isIncomplete(const FirstError &error) {
  if (error.atEOF)
    return true;
  return llvm::StringRef(error.message).startswith("missing ';' at");
}

namespace {
/// Stack given to the parsing thread per level of rule nesting allowed on
/// it. Measured on x86-64 Debian 12 with ANTLR 4.9: nested parentheses,
/// prefix operators and nested lists take 0.2 to 0.6 KB of stack per level,
/// so 2.5 KB a level (256 MB for the default limit of 100000) leaves a wide
/// margin. The memory is reserved, not committed: only what a parse uses is
/// touched.
///
/// Under AddressSanitizer (RASP_SANITIZE, RASP_FUZZ) a level costs more,
/// even with the generated rules built without stack redzones
/// (lib/Parse/CMakeLists.txt): 1.8 KB with gcc 12, so 100000 levels take
/// 180 MB. The stack is doubled there so that the limit, and every message,
/// stays the same in every build.
#if defined(__SANITIZE_ADDRESS__)
#define RASP_PARSE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RASP_PARSE_ASAN 1
#endif
#endif
#ifdef RASP_PARSE_ASAN
constexpr size_t kStackPerLevel = 5u << 10;
#else
constexpr size_t kStackPerLevel = 5u << 9;
#endif
/// For the rest of the parse and the AST builder.
constexpr size_t kStackBase = 16u << 20;
/// When no thread can be started we parse on the caller's stack, which we
/// can only assume is the usual 8 MB.
constexpr unsigned kMaxRuleDepthOnCallerStack = 4000;

struct ParseJob {
  llvm::SourceMgr &sm;
  unsigned bufferID;
  unsigned maxDepth;
  ParseResult result;
};
} // namespace

static void parseJob(ParseJob &job) {
  ParseResult &result = job.result;
  llvm::SourceMgr &sm = job.sm;
  unsigned bufferID = job.bufferID;
  llvm::StringRef buffer = sm.getMemoryBuffer(bufferID)->getBuffer();
  CodePointMap map(buffer);
  auto fail = [&](ParseResult::Status status, std::string message,
                  llvm::SMLoc loc) {
    result.status = status;
    result.message = std::move(message);
    result.errorLoc = loc;
    result.statements.clear();
  };

  // ANTLR decodes the buffer as UTF-8 and gives up on the whole input at a
  // bad byte; report where it is instead.
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(buffer.begin());
  const auto *cursor = begin;
  if (!llvm::isLegalUTF8String(
          &cursor, reinterpret_cast<const llvm::UTF8 *>(buffer.end()))) {
    fail(ParseResult::Status::SyntaxError, "invalid UTF-8 in input",
         llvm::SMLoc::getFromPointer(buffer.data() + (cursor - begin)));
    return;
  }

  try {
    antlr4::ANTLRInputStream input(buffer.data(), buffer.size());
    DepthGuard guard(job.maxDepth);

    // Stage 1: LL prediction; bail out at the first error of any kind.
    {
      grammar::RaspLexer lexer(&input);
      BailListener bail;
      lexer.removeErrorListeners();
      lexer.addErrorListener(&bail);
      antlr4::CommonTokenStream tokens(&lexer);
      grammar::RaspParser parser(&tokens);
      parser.removeErrorListeners();
      parser.addErrorListener(&bail);
      parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
      // setInterpreter deletes the parser's own simulator, and the parser
      // deletes ours; both share the grammar's static DFA and caches.
      parser.setInterpreter(new LLFirstSimulator(
          &parser, *parser.getInterpreter<antlr4::atn::ParserATNSimulator>()));
      parser.addParseListener(&guard);
      grammar::RaspParser::ProgramContext *program = nullptr;
      try {
        program = parser.program();
      } catch (const Bail &) {
      } catch (const antlr4::ParseCancellationException &) {
      }
      if (program) {
        result.statements = ASTBuilder(map).buildProgram(program);
        result.status = ParseResult::Status::Complete;
        return;
      }
    }

    // Stage 2: ANTLR's usual prediction and error strategy; the first error
    // it reports is the one the user sees.
    input.reset();
    guard.reset();
    grammar::RaspLexer lexer(&input);
    FirstErrorListener listener;
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    grammar::RaspParser parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    parser.addParseListener(&guard);
    parser.setErrorHandler(std::make_shared<ReferenceErrorStrategy>());

    grammar::RaspParser::ProgramContext *program = parser.program();
    result.statements = ASTBuilder(map).buildProgram(program);
    result.status = ParseResult::Status::Complete;
  } catch (const FirstError &error) {
    fail(isIncomplete(error) ? ParseResult::Status::Incomplete
                             : ParseResult::Status::SyntaxError,
         error.message, findLoc(sm, bufferID, map, error.line, error.column));
  } catch (const TooDeep &error) {
    fail(ParseResult::Status::SyntaxError,
         "expression nesting too deep (limit " +
             std::to_string(job.maxDepth) +
             "; raise it with --max-nesting)",
         findLoc(sm, bufferID, map, error.line, error.column));
  } catch (const BuildError &error) {
    llvm::SMLoc loc;
    if (error.hasToken)
      loc = llvm::SMLoc::getFromPointer(map.pointerAt(error.startIndex));
    fail(ParseResult::Status::SyntaxError, error.what(), loc);
  } catch (const std::exception &error) {
    // ANTLR runtime failures, e.g. a buffer that is not valid UTF-8.
    fail(ParseResult::Status::SyntaxError,
         std::string("cannot parse input: ") + error.what(),
         llvm::SMLoc::getFromPointer(buffer.data()));
  } catch (...) {
    fail(ParseResult::Status::SyntaxError, "cannot parse input",
         llvm::SMLoc::getFromPointer(buffer.data()));
  }
}

static void *parseThreadMain(void *arg) {
  parseJob(*static_cast<ParseJob *>(arg));
  return nullptr;
}

/// Runs \p job on a thread with a stack for job.maxDepth levels; false if
/// no such thread could be started.
static bool runOnLargeStack(ParseJob &job) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0)
    return false;
  pthread_t thread;
  size_t stackSize = kStackBase + job.maxDepth * kStackPerLevel;
  bool started = pthread_attr_setstacksize(&attr, stackSize) == 0 &&
                 pthread_create(&thread, &attr, parseThreadMain, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started)
    return false;
  pthread_join(thread, nullptr);
  return true;
}

ParseResult rasp::parseBuffer(llvm::SourceMgr &sm, unsigned bufferID,
                              const ParseOptions &options) {
  unsigned maxDepth =
      std::min(std::max(options.maxNesting, ParseOptions::kMinMaxNesting),
               ParseOptions::kMaxMaxNesting);
  ParseJob job{sm, bufferID, maxDepth, {}};
  if (!runOnLargeStack(job)) {
    job.maxDepth = std::min(maxDepth, kMaxRuleDepthOnCallerStack);
    parseJob(job);
  }
  return std::move(job.result);
}
