// Rasp.g4 - the grammar of the RASP language ("Thinking Like Transformers").
//
// This is the only grammar of the project. The generated parser lives in the
// build tree and is private to the RaspParse library; lib/Parse/ASTBuilder.cpp
// turns its parse tree into rasp::ast nodes and the tree is then discarded.
//
// Compatibility notes (see docs/LangRef.md):
//  * The token vocabulary below is declared explicitly, in a fixed order. The
//    order fixes the token type numbers, and ANTLR lists the tokens of an
//    "expecting {...}" message in token-type order, so this order is what
//    makes our syntax-error messages read exactly like the reference
//    interpreter's. Do not reorder, insert or remove tokens.
//  * `expr` is a single left-recursive rule. ANTLR gives earlier alternatives
//    tighter binding, so the order of its alternatives *is* the precedence
//    table of the language (postfix, prefix, ^, * /, %, + -, comparisons,
//    and/or, ternary, in).
//  * Builtins such as `select(` and `aggregate(` are single tokens that
//    include their parenthesis; `s-op` and `full seq display` are single
//    tokens too.

grammar Rasp;

// ---------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------

// A chunk of input: the REPL feeds one statement at a time, files too.
program : statement+? EOF ;

statement
  : raspStatement Comment?   # RaspStmt
  | replCommand Comment?     # ReplStmt
  | Comment                  # CommentStmt
  ;

raspStatement
  : expr SEMI                # ExprStmt
  | assignment SEMI          # AssignStmt
  | drawCall SEMI            # DrawStmt
  | loadFile SEMI            # LoadStmt
  | functionDef              # DefStmt
  | forLoop                  # ForStmt
  ;

// REPL commands take no semicolon.
replCommand
  : setExample
  | showExample
  | toggleExamples
  | toggleFullSeq
  | exitCommand
  ;

setExample     : SET which=(SOP | SELECTOR)? EXAMPLE value=expr ;
showExample    : SHOW which=(SOP | SELECTOR)? EXAMPLE ;
toggleFullSeq  : FULLSEQ state=(ON | OFF) ;
toggleExamples : which=(SOP | SELECTOR)? EXAMPLES state=(ON | OFF) ;
exitCommand    : EXITCALL | EXIT | QUIT | QUITCALL ;

loadFile   : LOAD path=String ;
assignment : targets=nameList ASSIGN values=exprList ;
drawCall   : DRAW LPAREN sop=expr (COMMA input=expr)? RPAREN ;

// Lists are flat loops, not right recursion: a list of any length is one
// rule level (one parser frame), so only real nesting counts against the
// nesting limit (lib/Parse/Parser.cpp). Each loop accepts exactly what the
// right-recursive rules of the reference grammar accept, so the follow sets
// in "expecting {...}" messages, and every message, stay the same
// (test/Transcripts; docs/Reliability.md).
exprList      : items+=expr (COMMA items+=expr)* ;
keyValueList  : items+=keyValue (COMMA items+=keyValue)* ;
keyValue      : key=expr COLON value=expr ;
nameList      : names+=ID (COMMA names+=ID)* ;

// Comment runs and the bodies of `def` and `for` (RASP statements and
// comments, no REPL commands) stay right-recursive: a leading comment of a
// def body can belong to either, and as loops ANTLR resolves that ambiguity
// at a different token, which changes "no viable alternative at input ..."
// messages. Each body statement or comment line is one level of nesting.
commentList   : Comment (tail=commentList)? ;
bodyList
  : head=raspStatement Comment? (tail=bodyList)?
  | Comment (tail=bodyList)?
  ;

functionDef
  : DEF name=ID LPAREN (params=nameList)? RPAREN LBRACE
      commentList? (body=bodyList)?
      ret=returnStatement commentList? RBRACE
  ;

forLoop : FOR names=nameList IN iterable=expr LBRACE body=bodyList RBRACE ;

returnStatement : RETURN values=exprList SEMI ;

aggregateCall
  : AGGREGATE sel=expr COMMA sop=expr (COMMA fallback=expr)? RPAREN ;

literal : intLit=PosInt | floatLit=Float | stringLit=String ;

// ---------------------------------------------------------------------------
// Expressions, tightest binding first.
// ---------------------------------------------------------------------------

expr
  : LPAREN inner=expr RPAREN                                  # ParenExpr
  | base=expr LBRACKET index=expr RBRACKET                    # IndexExpr
  | callee=expr LPAREN (args=exprList)? RPAREN                # CallExpr
  | op=(NOT | MINUS | PLUS) operand=expr                      # PrefixExpr
  | op=(ROUND | INDICATOR) LPAREN operand=expr RPAREN         # BuiltinUnaryExpr
  | lhs=expr op=CARET rhs=expr                                # BinaryExpr
  | lhs=expr op=(STAR | SLASH) rhs=expr                       # BinaryExpr
  | lhs=expr op=PERCENT rhs=expr                              # BinaryExpr
  | lhs=expr op=(PLUS | MINUS) rhs=expr                       # BinaryExpr
  | lhs=expr op=(EQ | LE | GE | GT | LT) rhs=expr             # BinaryExpr
  | SELECT keys=expr COMMA queries=expr COMMA
      cmp=(EQ | LT | GT | GE | LE | NE) RPAREN                # SelectExpr
  | lhs=expr op=(AND | OR) rhs=expr                           # BinaryExpr
  | thenValue=expr IF cond=expr ELSE elseValue=expr           # TernaryExpr
  | name=ID                                                   # NameExpr
  | literal                                                   # LiteralExpr
  | listLiteral                                               # ListExpr
  | dictLiteral                                               # DictExpr
  | aggregateCall                                             # AggregateExpr
  | RANGE args=exprList RPAREN                                # RangeExpr
  | listComprehension                                         # ListCompExpr
  | dictComprehension                                         # DictCompExpr
  | element=expr IN container=expr                            # InExpr
  | ZIP args=exprList RPAREN                                  # ZipExpr
  | LEN operand=expr RPAREN                                   # LenExpr
  ;

listLiteral : LBRACKET (items=exprList)? RBRACKET ;
dictLiteral : LBRACE (items=keyValueList)? RBRACE ;

listComprehension
  : LBRACKET value=expr FOR names=nameList IN iterable=expr RBRACKET ;
dictComprehension
  : LBRACE key=expr COLON value=expr FOR names=nameList IN iterable=expr RBRACE ;

// ---------------------------------------------------------------------------
// Tokens, in the fixed order described at the top of this file.
// ---------------------------------------------------------------------------

SEMI      : ';' ;
SET       : 'set' ;
SOP       : 's-op' ;
SELECTOR  : 'selector' ;
EXAMPLE   : 'example' ;
SHOW      : 'show' ;
FULLSEQ   : 'full seq display' ;
ON        : 'on' ;
OFF       : 'off' ;
EXAMPLES  : 'examples' ;
EXITCALL  : 'exit()' ;
EXIT      : 'exit' ;
QUIT      : 'quit' ;
QUITCALL  : 'quit()' ;
LOAD      : 'load' ;
ASSIGN    : '=' ;
DRAW      : 'draw' ;
LPAREN    : '(' ;
COMMA     : ',' ;
RPAREN    : ')' ;
COLON     : ':' ;
DEF       : 'def' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
FOR       : 'for' ;
IN        : 'in' ;
RETURN    : 'return' ;
AGGREGATE : 'aggregate(' ;
LBRACKET  : '[' ;
RBRACKET  : ']' ;
NOT       : 'not' ;
MINUS     : '-' ;
PLUS      : '+' ;
ROUND     : 'round' ;
INDICATOR : 'indicator' ;
CARET     : '^' ;
STAR      : '*' ;
SLASH     : '/' ;
PERCENT   : '%' ;
EQ        : '==' ;
LE        : '<=' ;
GE        : '>=' ;
GT        : '>' ;
LT        : '<' ;
SELECT    : 'select(' ;
NE        : '!=' ;
AND       : 'and' ;
OR        : 'or' ;
IF        : 'if' ;
ELSE      : 'else' ;
RANGE     : 'range(' ;
ZIP       : 'zip(' ;
LEN       : 'len(' ;

// Floats need digits on both sides of the point; there is no exponent form.
Float   : DIGITS '.' DIGITS ;
PosInt     : DIGITS ;
// Strings have no escapes and cannot span lines.
String  : '"' ~["\r\n]* '"' ;
Comment : '#' ~[\r\n]* ;
ID      : [a-zA-Z_] [a-zA-Z_0-9]* ;
WS      : [ \t\r\n]+ -> skip ;

fragment DIGITS : [0-9]+ ;
