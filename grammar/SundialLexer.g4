// Tokens of Sundial's PostgreSQL dialect. The parser feeds this lexer a
// character stream whose LA() answers lower case, so keywords are written in
// lower case here and match case-insensitively; token text keeps the original
// spelling (identifier folding happens when the tree is converted to the AST).
lexer grammar SundialLexer;

tokens { UNTERMINATED_DOLLAR_STRING }

@lexer::members {
  // Consumes the body of a dollar-quoted string up to the closing tag, which
  // must repeat the opening tag exactly (tags are case-sensitive); an ANTLR
  // rule cannot refer back to text it matched.
  void ConsumeDollarQuotedBody() {
    auto* sim = getInterpreter<antlr4::atn::LexerATNSimulator>();
    const std::string tag = getText();
    const size_t length = tag.size();
    while (_input->LA(1) != antlr4::IntStream::EOF) {
      if (_input->LA(1) == '$') {
        const size_t at = _input->index();
        if (_input->getText(antlr4::misc::Interval(at, at + length - 1)) == tag) {
          for (size_t i = 0; i < length; ++i) sim->consume(_input);
          return;
        }
      }
      sim->consume(_input);
    }
    setType(UNTERMINATED_DOLLAR_STRING);
  }

  // Block comments nest in PostgreSQL. A terminated comment is skipped; an
  // unterminated one stays in the token stream so the parser reports it
  // where PostgreSQL would.
  void ConsumeBlockComment() {
    auto* sim = getInterpreter<antlr4::atn::LexerATNSimulator>();
    int depth = 1;
    while (_input->LA(1) != antlr4::IntStream::EOF) {
      const size_t c = _input->LA(1);
      const size_t next = _input->LA(2);
      if (c == '*' && next == '/') {
        sim->consume(_input);
        sim->consume(_input);
        if (--depth == 0) {
          skip();
          return;
        }
      } else if (c == '/' && next == '*') {
        sim->consume(_input);
        sim->consume(_input);
        ++depth;
      } else {
        sim->consume(_input);
      }
    }
  }
}

ABORT: 'abort';
ABSOLUTE: 'absolute';
ADD: 'add';
ALL: 'all';
ANALYZE: 'analyze';
ALTER: 'alter';
ALWAYS: 'always';
AND: 'and';
ARRAY: 'array';
AS: 'as';
ASC: 'asc';
ASYMMETRIC: 'asymmetric';
AT: 'at';
BACKWARD: 'backward';
BEGIN: 'begin';
BETWEEN: 'between';
BINARY: 'binary';
BOTH: 'both';
BY: 'by';
CASCADE: 'cascade';
CALL: 'call';
CACHE: 'cache';
CASE: 'case';
CAST: 'cast';
CHARACTER: 'character';
CHARACTERISTICS: 'characteristics';
CHECK: 'check';
CHECKPOINT: 'checkpoint';
CLOSE: 'close';
COLLATE: 'collate';
COLUMN: 'column';
COMMIT: 'commit';
COMMITTED: 'committed';
CONCURRENTLY: 'concurrently';
CONFLICT: 'conflict';
CONSTRAINT: 'constraint';
COPY: 'copy';
CREATE: 'create';
CROSS: 'cross';
CSV: 'csv';
CURRENT: 'current';
DATA: 'data';
CURRENT_DATE: 'current_date';
CURRENT_TIME: 'current_time';
CURRENT_TIMESTAMP: 'current_timestamp';
CURSOR: 'cursor';
CYCLE: 'cycle';
DECLARE: 'declare';
DEFAULT: 'default';
DELETE_P: 'delete';
DEALLOCATE: 'deallocate';
DEFERRABLE: 'deferrable';
DELIMITER: 'delimiter';
DESC: 'desc';
DISTINCT: 'distinct';
DOUBLE: 'double';
DROP: 'drop';
ELSE: 'else';
END: 'end';
ESCAPE: 'escape';
EXCEPT: 'except';
EXCLUDE: 'exclude';
EXISTS: 'exists';
EXECUTE: 'execute';
EXPLAIN: 'explain';
EXTRACT: 'extract';
FALSE_P: 'false';
FETCH: 'fetch';
FILTER: 'filter';
FIRST: 'first';
FOLLOWING: 'following';
FOR: 'for';
FORCE: 'force';
FORWARD: 'forward';
FROM: 'from';
FULL: 'full';
GENERATED: 'generated';
GROUP: 'group';
GROUPS: 'groups';
HAVING: 'having';
HEADER: 'header';
HOLD: 'hold';
IDENTITY_P: 'identity';
IF: 'if';
ILIKE: 'ilike';
IN: 'in';
INCLUDE: 'include';
INCREMENT: 'increment';
INDEX: 'index';
INNER: 'inner';
INSENSITIVE: 'insensitive';
INSERT: 'insert';
INTERSECT: 'intersect';
INTERVAL: 'interval';
INTO: 'into';
IS: 'is';
ISNULL: 'isnull';
ISOLATION: 'isolation';
JOIN: 'join';
KEY: 'key';
LAST: 'last';
LATERAL: 'lateral';
LEADING: 'leading';
LEFT: 'left';
LEVEL: 'level';
LIKE: 'like';
LIMIT: 'limit';
LOCAL: 'local';
LOCALTIME: 'localtime';
LOCALTIMESTAMP: 'localtimestamp';
MATERIALIZED: 'materialized';
MAXVALUE: 'maxvalue';
MINVALUE: 'minvalue';
MOVE: 'move';
NATURAL: 'natural';
NEXT: 'next';
NO: 'no';
NOT: 'not';
NOTNULL: 'notnull';
NULL_P: 'null';
NULLS: 'nulls';
OFFSET: 'offset';
ON: 'on';
ONLY: 'only';
OPERATOR: 'operator';
OR: 'or';
ORDER: 'order';
OTHERS: 'others';
OUTER: 'outer';
OVER: 'over';
OVERRIDING: 'overriding';
OWNED: 'owned';
PARTITION: 'partition';
PRECEDING: 'preceding';
PRECISION: 'precision';
PREPARE: 'prepare';
PRIMARY: 'primary';
PRIOR: 'prior';
PROGRAM: 'program';
QUOTE: 'quote';
RANGE: 'range';
READ: 'read';
RECURSIVE: 'recursive';
RELATIVE: 'relative';
RELEASE: 'release';
RENAME: 'rename';
REPLACE: 'replace';
REPEATABLE: 'repeatable';
RESET: 'reset';
RESTRICT: 'restrict';
RESTART: 'restart';
RETURNING: 'returning';
RIGHT: 'right';
ROLLBACK: 'rollback';
ROW: 'row';
ROWS: 'rows';
SAVEPOINT: 'savepoint';
SCROLL: 'scroll';
SELECT: 'select';
SEQUENCE: 'sequence';
SERIALIZABLE: 'serializable';
SESSION: 'session';
SET: 'set';
SHOW: 'show';
SIMILAR: 'similar';
START: 'start';
STDIN: 'stdin';
STDOUT: 'stdout';
SUBSTRING: 'substring';
SYMMETRIC: 'symmetric';
TABLE: 'table';
THEN: 'then';
TIES: 'ties';
TIME: 'time';
TIMESTAMP: 'timestamp';
TO: 'to';
TRANSACTION: 'transaction';
TRAILING: 'trailing';
TRUE_P: 'true';
TRUNCATE: 'truncate';
TRIM: 'trim';
UNBOUNDED: 'unbounded';
UNCOMMITTED: 'uncommitted';
UNION: 'union';
UNIQUE: 'unique';
UNKNOWN: 'unknown';
UPDATE: 'update';
USING: 'using';
VALUE_P: 'value';
VALUES: 'values';
VARYING: 'varying';
VERBOSE: 'verbose';
VIEW: 'view';
WHEN: 'when';
WHERE: 'where';
WINDOW: 'window';
WITH: 'with';
WITHIN: 'within';
WITHOUT: 'without';
WORK: 'work';
WRITE: 'write';
ZONE: 'zone';

TYPECAST: '::';
COLON_EQUALS: ':=';
EQUALS_GREATER: '=>';
LESS_EQUALS: '<=';
GREATER_EQUALS: '>=';
NOT_EQUALS: '<>' | '!=';
EQUALS: '=';
LESS: '<';
GREATER: '>';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
CARET: '^';
CONCAT: '||';
JSON_FIELD_TEXT: '->>';
JSON_FIELD: '->';
JSON_PATH_TEXT: '#>>';
JSON_PATH: '#>';
JSON_CONTAINS: '@>';
JSON_CONTAINED: '<@';
JSON_EXISTS_ANY: '?|';
JSON_EXISTS_ALL: '?&';
JSON_EXISTS: '?';
REGEX_MATCH: '~';
REGEX_IMATCH: '~*';
REGEX_NOT_MATCH: '!~';
REGEX_NOT_IMATCH: '!~*';
OPEN_PAREN: '(';
CLOSE_PAREN: ')';
OPEN_BRACKET: '[';
CLOSE_BRACKET: ']';
COMMA: ',';
SEMI: ';';
DOT: '.';

INTEGER: DIGIT+;
DECIMAL
  : DIGIT+ '.' DIGIT* EXPONENT?
  | '.' DIGIT+ EXPONENT?
  | DIGIT+ EXPONENT
  ;

PARAM: '$' DIGIT+;

// '' is an escaped quote inside all three string forms.
STRING: '\'' (~'\'' | '\'\'')* '\'';
ESTRING: 'e\'' (~['\\] | '\\' . | '\'\'')* '\'';
DOLLAR_STRING: '$' DOLLAR_TAG? '$' { ConsumeDollarQuotedBody(); };

// The longest match wins, so these only apply when the closing quote is missing.
UNTERMINATED_STRING: '\'' (~'\'' | '\'\'')*;
UNTERMINATED_ESTRING: 'e\'' (~['\\] | '\\' . | '\'\'')* '\\'?;

QUOTED_IDENT: '"' (~'"' | '""')* '"';
UNTERMINATED_QUOTED_IDENT: '"' (~'"' | '""')*;

IDENT: IDENT_START IDENT_CONT*;

WHITESPACE: [ \t\r\n\f]+ -> skip;
LINE_COMMENT: '--' ~[\r\n]* -> skip;
BLOCK_COMMENT: '/*' { ConsumeBlockComment(); };

// Anything else becomes a token the parser never accepts, so the error names it.
ERROR_CHAR: .;

fragment DIGIT: [0-9];
fragment EXPONENT: 'e' [+-]? DIGIT+;
fragment DOLLAR_TAG: [a-z_] [a-z0-9_]*;
fragment IDENT_START: [a-z_] | ~[\u0000-\u007F];
fragment IDENT_CONT: [a-z0-9_$] | ~[\u0000-\u007F];
