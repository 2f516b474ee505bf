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
/// cached in the DFA runs past a few tokens (LLFirstSimulator), and it
/// tells a list or dict literal from a comprehension by looking for a `for`
/// at the bracket's own level instead of letting SLL read the whole first
/// element (quadratic in nested brackets); in full-context predictions it
/// drops the stacks of a would-be expression statement that no `;` can end
/// (after `set example`: quadratic in the chain's length); it gives up at
/// the first error of any kind. Whenever it succeeds, the usual prediction
/// would have built the same tree (for valid input both choose the least
/// alternative that can parse it). On any error the input is parsed again
/// with ANTLR's usual prediction and error strategy, so every message,
/// location and incomplete-or-not verdict is exactly what it was with one
/// stage.
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
#include <memory>
#include <unordered_map>
#include <vector>
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
/// other case predicts as usual, except the bracket decisions
/// (predictBracket). LL is not used everywhere because ANTLR does not cache
/// full-context predictions: in a 300000-element list that costs more than
/// the SLL scan it saves. ANTLR also builds the start of each from the whole
/// rule invocation stack (quadratic in nested parentheses around
/// operators); computeStartState below reuses what it built for the
/// enclosing rules.
class LLFirstSimulator : public antlr4::atn::ParserATNSimulator {
public:
  LLFirstSimulator(antlr4::Parser *parser,
                   antlr4::atn::ParserATNSimulator &usual)
      : ParserATNSimulator(parser, parser->getATN(), usual.decisionToDFA,
                           usual.getSharedContextCache()) {
    findBracketDecisions();
    findExpressionStatement();
  }

  size_t adaptivePredict(antlr4::TokenStream *input, size_t decision,
                         antlr4::ParserRuleContext *outerContext) override {
    if (size_t alt = predictBracket(input, decision))
      return alt;
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

  /// PredictionContext::fromRuleContext, memoized per rule context: ANTLR
  /// rebuilds the whole invocation stack for every full-context prediction,
  /// which at nesting depth d costs d allocations (quadratic over a nest).
  /// A context's parent and invoking state do not change while it is on the
  /// invocation stack (the left-recursion rewrite re-parents only the
  /// context it replaces, which is never an outer context again), and the
  /// parser keeps every context alive until it is destroyed, so an entry
  /// stays valid for the whole parse.
  std::unique_ptr<antlr4::atn::ATNConfigSet>
  computeStartState(antlr4::atn::ATNState *p, antlr4::RuleContext *ctx,
                    bool fullCtx) override {
    using namespace antlr4::atn;
    Ref<PredictionContext> initial = predictionContextFor(ctx);
    auto configs = std::make_unique<ATNConfigSet>(fullCtx);
    for (size_t i = 0; i < p->transitions.size(); ++i) {
      auto c = std::make_shared<ATNConfig>(p->transitions[i]->target,
                                           static_cast<int>(i) + 1, initial);
      ATNConfig::Set closureBusy;
      closure(c, configs.get(), closureBusy, /*collectPredicates=*/true,
              fullCtx, /*treatEofAsEpsilon=*/false);
    }
    return configs;
  }

  /// The usual reach step, then, in full-context prediction, without the
  /// configurations that can no longer complete (pruneUnterminated).
  std::unique_ptr<antlr4::atn::ATNConfigSet>
  computeReachSet(antlr4::atn::ATNConfigSet *closure, size_t t,
                  bool fullCtx) override {
    std::unique_ptr<antlr4::atn::ATNConfigSet> reach =
        ParserATNSimulator::computeReachSet(closure, t, fullCtx);
    if (!reach || !fullCtx || t == antlr4::Token::EOF)
      return reach;
    return pruneUnterminated(std::move(reach));
  }

private:
  static constexpr size_t kSLLLookahead = 8;

  /// Full-context prediction at an operator of `set example 1 + 1 + ...`:
  /// `set example` has no terminator, so the exit alternative (the example
  /// ends before the `+`) stays viable as the start of a new expression
  /// statement `+ 1 + ... ;` until a token that cannot be in an expression,
  /// or the end of input, shows that no `;` comes. At every operator LL
  /// reads to that point (quadratic; ANTLR caches no full-context
  /// prediction), and while it reads, each configuration's stack graph
  /// holds those new-statement stacks next to its live ones, so the groups
  /// LL compares (state and whole graph) never agree early.
  ///
  /// A stack that passes through the state after the `expr` of `expr ;` (a
  /// top-level or body expression statement) can only go on by reading
  /// expression tokens up to a `;`. If the first token from here on that
  /// cannot be in an expression is not a `;`, such a stack is dead, and
  /// pruneUnterminated drops it from every graph now instead of letting it
  /// die there. That changes no prediction of an input that parses: LL
  /// stops when every group of configurations with the same state and graph
  /// has the same least alternative A, and a stack that survives to the end
  /// passes through one of those groups, whose other alternatives share its
  /// future; so A is the least alternative that can parse the input, with
  /// or without the dead stacks. If only dead stacks are left, the input
  /// does not parse and stage 2 reports it. Only stage 1 prunes.
  std::unique_ptr<antlr4::atn::ATNConfigSet>
  pruneUnterminated(std::unique_ptr<antlr4::atn::ATNConfigSet> reach) {
    using namespace antlr4::atn;
    if (exprStmtFollow == kNone)
      return reach;
    auto *tokens = dynamic_cast<antlr4::BufferedTokenStream *>(_input);
    if (!tokens)
      return reach;
    if (!scanned)
      scanStatementEnds(*tokens);
    // The configurations have matched the token at index() and stand before
    // the next one.
    size_t next = tokens->index() + 1;
    if (next >= endsInSemi.size() || endsInSemi[next])
      return reach;
    pruned.clear();
    bool changed = false;
    std::vector<Ref<PredictionContext>> kept(reach->configs.size());
    for (size_t i = 0; i < reach->configs.size(); ++i) {
      kept[i] = withoutDeadStacks(reach->configs[i]->context, 0);
      changed |= kept[i] != reach->configs[i]->context;
    }
    if (!changed)
      return reach;
    auto result = std::make_unique<ATNConfigSet>(/*fullCtx=*/true);
    for (size_t i = 0; i < reach->configs.size(); ++i) {
      const Ref<ATNConfig> &c = reach->configs[i];
      if (!kept[i])
        continue;
      if (kept[i] == c->context)
        result->add(c, &mergeCache);
      else
        result->add(std::make_shared<ATNConfig>(c, c->state, kept[i]),
                    &mergeCache);
    }
    if (result->isEmpty())
      return nullptr;
    return result;
  }

  /// \p ctx without its stacks through exprStmtFollow (null if none is
  /// left; \p ctx itself if none went). Looks kStackLooks entries deep at
  /// most: a stack that goes through exprStmtFollow deeper down is kept.
  Ref<antlr4::atn::PredictionContext>
  withoutDeadStacks(const Ref<antlr4::atn::PredictionContext> &ctx,
                    unsigned depth) {
    using namespace antlr4::atn;
    if (!ctx || ctx->isEmpty() || depth >= kStackLooks)
      return ctx;
    auto memo = pruned.find(ctx.get());
    if (memo != pruned.end())
      return memo->second;
    std::vector<Ref<PredictionContext>> parents;
    std::vector<size_t> returnStates;
    bool changed = false;
    for (size_t i = 0; i < ctx->size(); ++i) {
      size_t rs = ctx->getReturnState(i);
      Ref<PredictionContext> parent = ctx->getParent(i);
      if (rs == exprStmtFollow) {
        changed = true;
        continue;
      }
      if (rs != PredictionContext::EMPTY_RETURN_STATE) {
        Ref<PredictionContext> p = withoutDeadStacks(parent, depth + 1);
        changed |= p != parent;
        if (!p)
          continue;
        parent = p;
      }
      parents.push_back(parent);
      returnStates.push_back(rs);
    }
    Ref<PredictionContext> result;
    if (!changed)
      result = ctx;
    else if (parents.empty())
      result = nullptr;
    else if (parents.size() == 1)
      result = SingletonPredictionContext::create(parents[0], returnStates[0]);
    else
      result = std::make_shared<ArrayPredictionContext>(parents, returnStates);
    pruned.emplace(ctx.get(), result);
    return result;
  }
  static constexpr unsigned kStackLooks = 12;
  /// withoutDeadStacks' results during one reach step.
  std::unordered_map<const antlr4::atn::PredictionContext *,
                     Ref<antlr4::atn::PredictionContext>>
      pruned;

  /// exprStmtFollow: the ATN state after the `expr` of `expr SEMI` in
  /// raspStatement (the only rule invocation of `expr` there); exprToken:
  /// the tokens an expression can contain (those matched in `expr` and the
  /// rules it calls).
  size_t exprStmtFollow = kNone;
  std::vector<bool> exprToken;

  void findExpressionStatement() {
    using namespace antlr4::atn;
    using grammar::RaspParser;
    std::vector<bool> inExpr(atn.ruleToStartState.size(), false);
    std::vector<size_t> todo{RaspParser::RuleExpr};
    inExpr[RaspParser::RuleExpr] = true;
    exprToken.assign(atn.maxTokenType + 1, false);
    while (!todo.empty()) {
      size_t rule = todo.back();
      todo.pop_back();
      for (ATNState *st : atn.states) {
        if (!st || st->ruleIndex != rule)
          continue;
        for (Transition *t : st->transitions) {
          if (t->getSerializationType() == Transition::RULE) {
            size_t callee = static_cast<RuleTransition *>(t)->ruleIndex;
            if (!inExpr[callee]) {
              inExpr[callee] = true;
              todo.push_back(callee);
            }
          } else if (!t->isEpsilon()) {
            for (ssize_t type : t->label().toList())
              if (type > 0 && static_cast<size_t>(type) <= atn.maxTokenType)
                exprToken[type] = true;
          }
        }
      }
    }
    for (ATNState *st : atn.states) {
      if (!st || st->ruleIndex != RaspParser::RuleRaspStatement)
        continue;
      for (Transition *t : st->transitions) {
        if (t->getSerializationType() != Transition::RULE ||
            static_cast<RuleTransition *>(t)->ruleIndex != RaspParser::RuleExpr)
          continue;
        if (exprStmtFollow != kNone) { // not the grammar this assumes
          exprStmtFollow = kNone;
          return;
        }
        exprStmtFollow =
            static_cast<RuleTransition *>(t)->followState->stateNumber;
      }
    }
    if (exprToken[RaspParser::SEMI])
      exprStmtFollow = kNone;
  }

  /// endsInSemi[i]: whether the tokens from index i up to the next `;`
  /// could all be in one expression: false when a token that cannot be in
  /// an expression, or the end of input, comes first, or two adjacent
  /// tokens that no expression has next to each other (endsOperand, then
  /// startsOperand: `1 foo`, `) x`).
  std::vector<bool> endsInSemi;
  bool scanned = false;

  /// A token that ends an operand: a name, a literal or a closing bracket.
  static bool endsOperand(size_t type) {
    using grammar::RaspParser;
    switch (type) {
    case RaspParser::ID: case RaspParser::PosInt: case RaspParser::Float:
    case RaspParser::String: case RaspParser::RPAREN:
    case RaspParser::RBRACKET: case RaspParser::RBRACE:
      return true;
    default:
      return false;
    }
  }
  /// A token that starts an operand and cannot continue one (not `(` or
  /// `[`, which call or index it, nor `-` or `+`).
  static bool startsOperand(size_t type) {
    using grammar::RaspParser;
    switch (type) {
    case RaspParser::ID: case RaspParser::PosInt: case RaspParser::Float:
    case RaspParser::String: case RaspParser::NOT: case RaspParser::ROUND:
    case RaspParser::INDICATOR: case RaspParser::SELECT:
    case RaspParser::AGGREGATE: case RaspParser::RANGE: case RaspParser::ZIP:
    case RaspParser::LEN: case RaspParser::LBRACE:
      return true;
    default:
      return false;
    }
  }

  void scanStatementEnds(antlr4::BufferedTokenStream &tokens) {
    using grammar::RaspParser;
    tokens.fill();
    size_t n = tokens.size();
    endsInSemi.assign(n + 1, false);
    for (size_t i = n; i-- > 0;) {
      size_t type = tokens.get(i)->getType();
      if (type == RaspParser::SEMI)
        endsInSemi[i] = true;
      else if (type != antlr4::Token::EOF && type < exprToken.size() &&
               exprToken[type] &&
               !(i + 1 < n && endsOperand(type) &&
                 startsOperand(tokens.get(i + 1)->getType())))
        endsInSemi[i] = endsInSemi[i + 1];
    }
    scanned = true;
  }

  Ref<antlr4::atn::PredictionContext>
  predictionContextFor(antlr4::RuleContext *ctx) {
    using namespace antlr4::atn;
    // The contexts without a memo entry, innermost first.
    std::vector<antlr4::RuleContext *> todo;
    Ref<PredictionContext> above = PredictionContext::EMPTY;
    for (antlr4::RuleContext *c = ctx;;
         c = dynamic_cast<antlr4::RuleContext *>(c->parent)) {
      if (!c || !c->parent || c == &antlr4::ParserRuleContext::EMPTY)
        break;
      auto it = contextMemo.find(c);
      if (it != contextMemo.end()) {
        above = it->second;
        break;
      }
      todo.push_back(c);
    }
    for (auto it = todo.rbegin(); it != todo.rend(); ++it) {
      ATNState *state = atn.states.at((*it)->invokingState);
      auto *call = static_cast<RuleTransition *>(state->transitions[0]);
      above = SingletonPredictionContext::create(
          above, call->followState->stateNumber);
      contextMemo.emplace(*it, above);
    }
    return above;
  }

  std::unordered_map<antlr4::RuleContext *,
                     Ref<antlr4::atn::PredictionContext>>
      contextMemo;

  /// A decision of `expr` between a literal and a comprehension that both
  /// start with the same bracket: `[a, b]` or `[a for x in xs]`, `{k: v}`
  /// or `{k: v for x in xs}`. SLL prediction reads the whole first element
  /// to decide, and a nest of d brackets has d such elements inside each
  /// other, so nested brackets cost quadratic time (and a DFA state per
  /// token and depth). A comprehension, and only a comprehension, has a
  /// `for` directly inside its brackets; a literal's first element ends at
  /// a `,` or at the closing bracket. predictBracket decides by finding the
  /// first of those at the bracket's own level, skipping whole bracketed
  /// groups with a table of matching brackets, so every token is looked at
  /// for one decision only.
  struct BracketDecision {
    /// Alternatives starting with listLiteral, listComprehension,
    /// dictLiteral, dictComprehension (0: none).
    size_t listAlt = 0, listCompAlt = 0, dictAlt = 0, dictCompAlt = 0;
  };
  std::unordered_map<size_t, BracketDecision> bracketDecisions;
  /// closeOf[i]: the index of the token closing the bracket at token i
  /// (any of ( [ { and the tokens ending in '('), or kNone. Computed on the
  /// first bracket decision.
  std::vector<size_t> closeOf;
  bool matched = false;
  static constexpr size_t kNone = static_cast<size_t>(-1);

  /// The rule the alternative \p alt of \p d starts by calling, or kNone.
  static size_t firstRuleOf(antlr4::atn::DecisionState *d, size_t alt) {
    using namespace antlr4::atn;
    ATNState *s = d->transitions[alt - 1]->target;
    for (int steps = 0; s && steps < 8; ++steps) {
      if (s->transitions.size() != 1)
        return kNone;
      Transition *t = s->transitions[0];
      if (t->getSerializationType() == Transition::RULE)
        return static_cast<RuleTransition *>(t)->ruleIndex;
      if (!t->isEpsilon())
        return kNone;
      s = t->target;
    }
    return kNone;
  }

  void findBracketDecisions() {
    using grammar::RaspParser;
    for (antlr4::atn::DecisionState *d : atn.decisionToState) {
      if (!d || d->ruleIndex != RaspParser::RuleExpr)
        continue;
      BracketDecision b;
      for (size_t alt = 1; alt <= d->transitions.size(); ++alt) {
        switch (firstRuleOf(d, alt)) {
        case RaspParser::RuleListLiteral: b.listAlt = alt; break;
        case RaspParser::RuleListComprehension: b.listCompAlt = alt; break;
        case RaspParser::RuleDictLiteral: b.dictAlt = alt; break;
        case RaspParser::RuleDictComprehension: b.dictCompAlt = alt; break;
        default: break;
        }
      }
      if ((b.listAlt && b.listCompAlt) || (b.dictAlt && b.dictCompAlt))
        bracketDecisions[static_cast<size_t>(d->decision)] = b;
    }
  }

  static bool isOpen(size_t type) {
    using grammar::RaspParser;
    switch (type) {
    case RaspParser::LPAREN: case RaspParser::LBRACKET:
    case RaspParser::LBRACE: case RaspParser::SELECT:
    case RaspParser::AGGREGATE: case RaspParser::RANGE:
    case RaspParser::ZIP: case RaspParser::LEN:
      return true;
    default:
      return false;
    }
  }
  static bool isClose(size_t type) {
    using grammar::RaspParser;
    return type == RaspParser::RPAREN || type == RaspParser::RBRACKET ||
           type == RaspParser::RBRACE;
  }

  void matchBrackets(antlr4::BufferedTokenStream &tokens) {
    tokens.fill();
    size_t n = tokens.size();
    closeOf.assign(n, kNone);
    std::vector<size_t> open;
    for (size_t i = 0; i < n; ++i) {
      size_t type = tokens.get(i)->getType();
      if (isOpen(type))
        open.push_back(i);
      else if (isClose(type) && !open.empty()) {
        closeOf[open.back()] = i;
        open.pop_back();
      }
    }
    matched = true;
  }

  /// The alternative of a bracket decision, or 0 to predict as usual (not
  /// a bracket decision, or an input that cannot parse either way).
  size_t predictBracket(antlr4::TokenStream *input, size_t decision) {
    using grammar::RaspParser;
    if (bracketDecisions.empty())
      return 0;
    auto it = bracketDecisions.find(decision);
    if (it == bracketDecisions.end())
      return 0;
    size_t la = input->LA(1), literalAlt, comprehensionAlt;
    if (la == RaspParser::LBRACKET) {
      literalAlt = it->second.listAlt;
      comprehensionAlt = it->second.listCompAlt;
    } else if (la == RaspParser::LBRACE) {
      literalAlt = it->second.dictAlt;
      comprehensionAlt = it->second.dictCompAlt;
    } else {
      return 0;
    }
    auto *tokens = dynamic_cast<antlr4::BufferedTokenStream *>(input);
    if (!literalAlt || !comprehensionAlt || !tokens)
      return 0;
    if (!matched)
      matchBrackets(*tokens);
    size_t start = input->index();
    if (start >= closeOf.size() || tokens->get(start)->getType() != la)
      return 0;
    for (size_t i = start + 1; i < closeOf.size();) {
      antlr4::Token *t = tokens->get(i);
      size_t type = t->getType();
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
        ++i;
      } else if (isOpen(type)) {
        if (closeOf[i] == kNone)
          return 0;
        i = closeOf[i] + 1;
      } else if (type == RaspParser::FOR) {
        return comprehensionAlt;
      } else if (type == RaspParser::COMMA || isClose(type)) {
        return literalAlt;
      } else if (type == antlr4::Token::EOF) {
        return 0;
      } else {
        ++i;
      }
    }
    return 0;
  }

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
