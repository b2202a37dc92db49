// Sundial's PostgreSQL dialect subset. The driver (src/sql/parser/parser.cpp)
// splits the token stream at ';' and parses one statement at a time with
// `oneStatement`; statements it does not support at all are recognised from
// their leading words before this grammar runs.
parser grammar SundialParser;

options { tokenVocab = SundialLexer; }

oneStatement: statement (SEMI | EOF);

statement
  : selectStmt
  | insertStmt
  | updateStmt
  | deleteStmt
  | copyStmt
  | createTableStmt
  | createViewStmt
  | createMaterializedViewStmt
  | dropTableStmt
  | dropViewStmt
  | alterMaterializedViewStmt
  | createIndexStmt
  | dropIndexStmt
  | createSequenceStmt
  | alterSequenceStmt
  | dropSequenceStmt
  | callStmt
  | alterTableStmt
  | truncateStmt
  | setStmt
  | showStmt
  | resetStmt
  | transactionStmt
  | explainStmt
  | prepareStmt
  | executeStmt
  | deallocateStmt
  | declareCursorStmt
  | fetchStmt
  | closeCursorStmt
  | CHECKPOINT
  ;

// ---------------------------------------------------------------- SELECT

selectStmt: withClause? selectBody orderByClause? limitClause*;

withClause: WITH RECURSIVE? commonTableExpr (COMMA commonTableExpr)*;

commonTableExpr: identifier columnList? AS OPEN_PAREN selectStmt CLOSE_PAREN;

// INTERSECT binds tighter than UNION and EXCEPT.
selectBody: selectIntersect (setOperator selectIntersect)*;

setOperator: (UNION | EXCEPT) (ALL | DISTINCT)?;

selectIntersect: selectPrimary (INTERSECT (ALL | DISTINCT)? selectPrimary)*;

selectPrimary
  : simpleSelect
  | valuesClause
  | OPEN_PAREN selectStmt CLOSE_PAREN
  ;

simpleSelect
  : SELECT (ALL | DISTINCT (ON OPEN_PAREN exprList CLOSE_PAREN)?)? selectList?
    fromClause? (WHERE expr)? (GROUP BY exprList)? (HAVING expr)? windowClause?
  ;

windowClause: WINDOW windowDefinition (COMMA windowDefinition)*;

windowDefinition: identifier AS windowSpecification;

selectList: selectItem (COMMA selectItem)*;

selectItem
  : (identifier DOT)+ STAR        # qualifiedStarItem
  | STAR                          # starItem
  | expr (AS colLabel | identifier)?  # exprItem
  ;

valuesClause: VALUES valuesRow (COMMA valuesRow)*;

valuesRow: OPEN_PAREN valuesElement (COMMA valuesElement)* CLOSE_PAREN;

valuesElement: DEFAULT | expr;

fromClause: FROM tableRef (COMMA tableRef)*;

tableRef: tablePrimary joinClause*;

joinClause
  : CROSS JOIN tablePrimary
  | NATURAL joinType? JOIN tablePrimary
  | joinType? JOIN tablePrimary joinQualifier
  ;

joinType: INNER | (LEFT | RIGHT | FULL) OUTER?;

joinQualifier: ON expr | USING columnList;

tablePrimary
  : LATERAL? qualifiedName OPEN_PAREN (functionArg (COMMA functionArg)*)? CLOSE_PAREN aliasClause?  # functionTable
  | qualifiedName aliasClause?                                   # namedTable
  | LATERAL? OPEN_PAREN selectStmt CLOSE_PAREN aliasClause?      # subqueryTable
  | OPEN_PAREN tableRef CLOSE_PAREN aliasClause?                 # parenthesizedTable
  ;

aliasClause: AS? identifier columnList?;

columnList: OPEN_PAREN identifier (COMMA identifier)* CLOSE_PAREN;

orderByClause: ORDER BY sortItem (COMMA sortItem)*;

sortItem: expr (ASC | DESC)? (NULLS (FIRST | LAST))?;

limitClause
  : LIMIT (expr | ALL)
  | OFFSET expr (ROW | ROWS)?
  | FETCH (FIRST | NEXT) expr? (ROW | ROWS) ONLY
  ;

// ---------------------------------------------------------------- DML

insertStmt
  : INSERT INTO qualifiedName columnList? (OVERRIDING identifier VALUE_P)?
    (DEFAULT VALUES | selectStmt)
    onConflictClause? returningClause?
  ;

deleteStmt
  : DELETE_P FROM ONLY? qualifiedName (AS? identifier)? (USING tableRef (COMMA tableRef)*)?
    (WHERE expr)? returningClause?
  ;

updateStmt
  : UPDATE ONLY? qualifiedName (AS? identifier)? SET setClause (COMMA setClause)*
    fromClause? (WHERE expr)? returningClause?
  ;

setClause
  : identifier EQUALS setValue
  | OPEN_PAREN identifier (COMMA identifier)* CLOSE_PAREN EQUALS
    OPEN_PAREN setValue (COMMA setValue)* CLOSE_PAREN
  ;

setValue: DEFAULT | expr;

// Recognised only to be rejected with a clear message.
onConflictClause: ON CONFLICT ~SEMI*;

returningClause: RETURNING selectList;

copyStmt
  : COPY (qualifiedName columnList? | OPEN_PAREN selectStmt CLOSE_PAREN)
    (FROM | TO) copyTarget WITH? copyOptions?
  ;

copyTarget: STDIN | STDOUT | STRING | PROGRAM STRING;

copyOptions
  : OPEN_PAREN copyOption (COMMA copyOption)* CLOSE_PAREN
  | legacyCopyOption+
  ;

copyOption: colLabel copyOptionValue?;

copyOptionValue: optionValue | STAR | columnList;

// The pre-9.0 spelling that old clients and dumps still send.
legacyCopyOption
  : BINARY
  | CSV
  | HEADER
  | DELIMITER AS? stringLiteral
  | NULL_P AS? stringLiteral
  | QUOTE AS? stringLiteral
  | ESCAPE AS? stringLiteral
  | FORCE QUOTE (columnNames | STAR)
  | FORCE NOT NULL_P columnNames
  ;

columnNames: identifier (COMMA identifier)*;

// ---------------------------------------------------------------- DDL

createTableStmt
  : CREATE TABLE (IF NOT EXISTS)? qualifiedName
    OPEN_PAREN tableElement (COMMA tableElement)* CLOSE_PAREN
    (WITH OPEN_PAREN relOption (COMMA relOption)* CLOSE_PAREN)?
  ;

tableElement: tableConstraint | columnDef;

columnDef: identifier typeName columnConstraint*;

columnConstraint
  : (CONSTRAINT identifier)?
    ( NOT NULL_P
    | NULL_P
    | DEFAULT bExpr
    | GENERATED (ALWAYS | BY DEFAULT) AS IDENTITY_P (OPEN_PAREN sequenceOption+ CLOSE_PAREN)?
    // A generated column (GENERATED ALWAYS AS (expr) STORED), refused by name.
    | GENERATED ALWAYS AS OPEN_PAREN expr CLOSE_PAREN identifier
    | PRIMARY KEY
    | UNIQUE
    | CHECK OPEN_PAREN expr CLOSE_PAREN
    )
  ;

tableConstraint
  : (CONSTRAINT identifier)?
    ( PRIMARY KEY columnList
    | UNIQUE columnList
    | CHECK OPEN_PAREN expr CLOSE_PAREN
    )
  ;

relOption: optionName (EQUALS optionValue)?;

optionName: identifier (DOT colLabel)*;

createViewStmt: CREATE (OR REPLACE)? VIEW qualifiedName columnList? AS selectStmt;

// TimescaleDB's continuous aggregates: WITH (timescaledb.continuous).
createMaterializedViewStmt
  : CREATE MATERIALIZED VIEW (IF NOT EXISTS)? qualifiedName columnList?
    (WITH OPEN_PAREN relOption (COMMA relOption)* CLOSE_PAREN)?
    AS selectStmt (WITH NO? DATA)?
  ;

dropViewStmt
  : DROP MATERIALIZED? VIEW (IF EXISTS)? qualifiedName (COMMA qualifiedName)* (CASCADE | RESTRICT)?
  ;

// TimescaleDB's continuous aggregates take SET (timescaledb.materialized_only
// = ...); any other action is recognised to be refused by name.
alterMaterializedViewStmt
  : ALTER MATERIALIZED VIEW (IF EXISTS)? qualifiedName
    (SET OPEN_PAREN relOption (COMMA relOption)* CLOSE_PAREN | ~SEMI+)
  ;

createIndexStmt
  : CREATE UNIQUE? INDEX CONCURRENTLY? (IF NOT EXISTS)? identifier? ON ONLY? qualifiedName
    (USING identifier)? OPEN_PAREN indexElement (COMMA indexElement)* CLOSE_PAREN
    (INCLUDE columnList)? (WITH OPEN_PAREN relOption (COMMA relOption)* CLOSE_PAREN)?
    (WHERE expr)?
  ;

indexElement
  : (identifier | functionCall | OPEN_PAREN expr CLOSE_PAREN) (ASC | DESC)? (NULLS (FIRST | LAST))?
  ;

dropIndexStmt
  : DROP INDEX CONCURRENTLY? (IF EXISTS)? qualifiedName (COMMA qualifiedName)* (CASCADE | RESTRICT)?
  ;

createSequenceStmt: CREATE SEQUENCE (IF NOT EXISTS)? qualifiedName sequenceOption*;

alterSequenceStmt: ALTER SEQUENCE (IF EXISTS)? qualifiedName sequenceOption+;

dropSequenceStmt
  : DROP SEQUENCE (IF EXISTS)? qualifiedName (COMMA qualifiedName)* (CASCADE | RESTRICT)?
  ;

sequenceOption
  : AS typeName
  | INCREMENT BY? signedInteger
  | NO (MINVALUE | MAXVALUE | CYCLE)
  | MINVALUE signedInteger
  | MAXVALUE signedInteger
  | START WITH? signedInteger
  | RESTART (WITH? signedInteger)?
  | CACHE signedInteger
  | CYCLE
  | OWNED BY qualifiedName
  ;

signedInteger: (PLUS | MINUS)? INTEGER;

// CALL of TimescaleDB's procedures (refresh_continuous_aggregate).
callStmt: CALL qualifiedName OPEN_PAREN (functionArg (COMMA functionArg)*)? CLOSE_PAREN;

dropTableStmt: DROP TABLE (IF EXISTS)? qualifiedName (COMMA qualifiedName)* (CASCADE | RESTRICT)?;

alterTableStmt: ALTER TABLE (IF EXISTS)? ONLY? qualifiedName alterTableAction;

// Earlier alternatives win where the last, which takes any other action
// to reject it by name, also matches.
alterTableAction
  : ADD COLUMN? (IF NOT EXISTS)? columnDef                          # addColumn
  | DROP COLUMN? (IF EXISTS)? identifier (CASCADE | RESTRICT)?      # dropColumn
  | RENAME COLUMN? identifier TO identifier                         # renameColumn
  | RENAME TO identifier                                            # renameTable
  | ALTER COLUMN? identifier SET DEFAULT bExpr                       # setColumnDefault
  | ALTER COLUMN? identifier DROP DEFAULT                            # dropColumnDefault
  | SET OPEN_PAREN relOption (COMMA relOption)* CLOSE_PAREN         # setTableOptions
  | RESET OPEN_PAREN optionName (COMMA optionName)* CLOSE_PAREN     # resetTableOptions
  | ~SEMI+                                                          # otherAlterAction
  ;

// RESTART IDENTITY, or CONTINUE IDENTITY (the default) as an identifier.
truncateStmt
  : TRUNCATE TABLE? ONLY? qualifiedName (COMMA qualifiedName)*
    ((RESTART | identifier) IDENTITY_P)? (CASCADE | RESTRICT)?
  ;

// ---------------------------------------------------------------- session

setStmt: SET (SESSION | LOCAL)? setRest;

setRest
  : TIME ZONE (LOCAL | DEFAULT | INTERVAL stringLiteral | optionValue)  # setTimeZone
  | optionName (TO | EQUALS) (DEFAULT | optionValue (COMMA optionValue)*)  # setVariable
  // After SET SESSION only: one mode, as pgjdbc's setTransactionIsolation sends it.
  | CHARACTERISTICS AS TRANSACTION transactionMode  # setSessionCharacteristics
  ;

showStmt: SHOW (TIME ZONE | TRANSACTION ISOLATION LEVEL | ALL | optionName);

resetStmt: RESET (TIME ZONE | ALL | optionName);

transactionStmt
  : BEGIN (WORK | TRANSACTION)? transactionModes?  # beginTransaction
  | START TRANSACTION transactionModes?            # beginTransaction
  | (COMMIT | END) (WORK | TRANSACTION)?           # commitTransaction
  | (ROLLBACK | ABORT) (WORK | TRANSACTION)?       # rollbackTransaction
  | SAVEPOINT identifier                           # savepoint
  | RELEASE SAVEPOINT? identifier                  # releaseSavepoint
  | (ROLLBACK | ABORT) (WORK | TRANSACTION)? TO SAVEPOINT? identifier  # rollbackToSavepoint
  ;

transactionModes: transactionMode (COMMA? transactionMode)*;

transactionMode
  : ISOLATION LEVEL (SERIALIZABLE | REPEATABLE READ | READ (COMMITTED | UNCOMMITTED))
  | READ (ONLY | WRITE)
  | NOT? DEFERRABLE
  ;

explainStmt
  : EXPLAIN (OPEN_PAREN explainOption (COMMA explainOption)* CLOSE_PAREN | ANALYZE? VERBOSE?)
    statement
  ;

explainOption: colLabel optionValue?;

// ------------------------------------------------- PREPARE / EXECUTE / DEALLOCATE

prepareStmt
  : PREPARE identifier (OPEN_PAREN typeName (COMMA typeName)* CLOSE_PAREN)? AS statement
  ;

executeStmt: EXECUTE identifier (OPEN_PAREN exprList CLOSE_PAREN)?;

deallocateStmt: DEALLOCATE PREPARE? (identifier | ALL);

// ------------------------------------------------- DECLARE / FETCH / MOVE / CLOSE
// Scrolling options and directions parse so that they can be refused clearly.
declareCursorStmt
  : DECLARE identifier (BINARY | INSENSITIVE | NO SCROLL | SCROLL)* CURSOR ((WITH | WITHOUT) HOLD)?
    FOR selectStmt
  ;

fetchStmt: (FETCH | MOVE) fetchDirection? (FROM | IN)? identifier;

fetchDirection
  : NEXT | PRIOR | FIRST | LAST | ALL
  | (ABSOLUTE | RELATIVE)? MINUS? INTEGER
  | (FORWARD | BACKWARD) (MINUS? INTEGER | ALL)?
  ;

closeCursorStmt: CLOSE (identifier | ALL);

// A value in SET, COPY and WITH option lists, kept as written.
optionValue
  : stringLiteral
  | (PLUS | MINUS)? (INTEGER | DECIMAL)
  | identifier
  | ON
  | TRUE_P
  | FALSE_P
  ;

// ---------------------------------------------------------------- expressions
// ANTLR's left-recursive rules: earlier alternatives bind tighter. The order
// is PostgreSQL's operator precedence. One rule (rather than one per level)
// keeps the parse tree shallow, which is what makes long VALUES lists cheap.

expr
  : primary                                                              # primaryExpr
  | expr OPEN_BRACKET expr CLOSE_BRACKET                                 # subscriptExpr
  | expr TYPECAST typeName                                               # castExpr
  | expr COLLATE collationName                                           # collateExpr
  | (MINUS | PLUS) expr                                                  # unaryExpr
  | expr AT TIME ZONE expr                                               # atTimeZoneExpr
  | expr CARET expr                                                      # binaryExpr
  | expr (STAR | SLASH | PERCENT) expr                                   # binaryExpr
  | expr (PLUS | MINUS) expr                                             # binaryExpr
  | expr otherOperator expr                                              # binaryExpr
  | expr NOT? BETWEEN (SYMMETRIC | ASYMMETRIC)? bExpr AND expr           # betweenExpr
  | expr NOT? IN OPEN_PAREN (selectStmt | exprList) CLOSE_PAREN          # inExpr
  // Each ends in expr so ANTLR treats it as a binary operator: an optional
  // trailing ESCAPE would make the pattern swallow a following AND / OR.
  | expr NOT? (LIKE | ILIKE) expr ESCAPE expr                            # likeExpr
  | expr NOT? (LIKE | ILIKE) expr                                        # likeExpr
  | expr NOT? SIMILAR TO expr ESCAPE expr                                # similarExpr
  | expr NOT? SIMILAR TO expr                                            # similarExpr
  | expr compareOperator expr                                            # binaryExpr
  | expr (IS NOT? (NULL_P | TRUE_P | FALSE_P | UNKNOWN) | ISNULL | NOTNULL)  # isExpr
  | expr IS NOT? DISTINCT FROM expr                                      # isDistinctExpr
  | NOT expr                                                             # notExpr
  | expr AND expr                                                        # binaryExpr
  | expr OR expr                                                         # binaryExpr
  ;

// PostgreSQL's b_expr: no boolean operators, so BETWEEN's lower bound and a
// column DEFAULT end before AND / NOT NULL.
bExpr
  : primary                                      # bPrimaryExpr
  | bExpr TYPECAST typeName                      # bCastExpr
  | (MINUS | PLUS) bExpr                         # bUnaryExpr
  | bExpr CARET bExpr                            # bBinaryExpr
  | bExpr (STAR | SLASH | PERCENT) bExpr         # bBinaryExpr
  | bExpr (PLUS | MINUS) bExpr                   # bBinaryExpr
  | bExpr otherOperator bExpr                    # bBinaryExpr
  ;

collationName: identifier (DOT colLabel)*;

compareOperator: EQUALS | NOT_EQUALS | LESS | GREATER | LESS_EQUALS | GREATER_EQUALS;

otherOperator
  : CONCAT | REGEX_MATCH | REGEX_IMATCH | REGEX_NOT_MATCH | REGEX_NOT_IMATCH
  | JSON_FIELD | JSON_FIELD_TEXT | jsonbOperator
  | OPERATOR OPEN_PAREN (identifier DOT)? anyOperator CLOSE_PAREN
  ;

anyOperator
  : compareOperator | PLUS | MINUS | STAR | SLASH | PERCENT | CARET | CONCAT
  | REGEX_MATCH | REGEX_IMATCH | REGEX_NOT_MATCH | REGEX_NOT_IMATCH | JSON_FIELD | JSON_FIELD_TEXT
  | jsonbOperator
  ;

jsonbOperator
  : JSON_PATH | JSON_PATH_TEXT | JSON_CONTAINS | JSON_CONTAINED | JSON_EXISTS | JSON_EXISTS_ANY
  | JSON_EXISTS_ALL
  ;

primary
  : literal                                                          # literalPrimary
  | PARAM                                                            # paramPrimary
  | typeName stringLiteral                                           # typedLiteral
  | CAST OPEN_PAREN expr AS typeName CLOSE_PAREN                     # castPrimary
  | EXTRACT OPEN_PAREN (identifier | stringLiteral) FROM expr CLOSE_PAREN  # extractPrimary
  | SUBSTRING OPEN_PAREN expr (FROM expr)? (FOR expr)? CLOSE_PAREN   # substringPrimary
  | TRIM OPEN_PAREN (BOTH | LEADING | TRAILING)? (expr? FROM)? exprList CLOSE_PAREN  # trimPrimary
  | CASE expr? (WHEN expr THEN expr)+ (ELSE expr)? END               # casePrimary
  | EXISTS OPEN_PAREN selectStmt CLOSE_PAREN                         # existsPrimary
  | OPEN_PAREN selectStmt CLOSE_PAREN                                # subqueryPrimary
  | OPEN_PAREN expr CLOSE_PAREN                                      # parenPrimary
  | (CURRENT_TIMESTAMP | CURRENT_DATE | CURRENT_TIME | LOCALTIMESTAMP | LOCALTIME)  # sqlFunctionPrimary
  | functionCall                                                     # functionPrimary
  | ARRAY OPEN_BRACKET exprList? CLOSE_BRACKET                       # arrayPrimary
  | ARRAY OPEN_PAREN selectStmt CLOSE_PAREN                          # arraySubqueryPrimary
  | qualifiedName                                                    # columnPrimary
  ;

functionCall
  : functionName OPEN_PAREN
    (STAR | (ALL | DISTINCT)? functionArg (COMMA functionArg)* orderByClause?)? CLOSE_PAREN
    withinGroupClause? filterClause? overClause?
  ;

functionName: (identifier DOT)? (identifier | LEFT | RIGHT);

functionArg: (colLabel (EQUALS_GREATER | COLON_EQUALS))? expr;

withinGroupClause: WITHIN GROUP OPEN_PAREN orderByClause CLOSE_PAREN;

filterClause: FILTER OPEN_PAREN WHERE expr CLOSE_PAREN;

overClause: OVER (identifier | windowSpecification);

// The leading identifier names an existing window to copy (PostgreSQL's
// existing_window_name).
windowSpecification
  : OPEN_PAREN identifier? (PARTITION BY exprList)? orderByClause? frameClause? CLOSE_PAREN
  ;

frameClause
  : (RANGE | ROWS | GROUPS) (frameBound | BETWEEN frameBound AND frameBound) frameExclusion?
  ;

frameBound
  : UNBOUNDED (PRECEDING | FOLLOWING)
  | CURRENT ROW
  | expr (PRECEDING | FOLLOWING)
  ;

frameExclusion: EXCLUDE (CURRENT ROW | GROUP | TIES | NO OTHERS);

exprList: expr (COMMA expr)*;

literal
  : INTEGER
  | DECIMAL
  | stringLiteral
  | TRUE_P
  | FALSE_P
  | NULL_P
  ;

stringLiteral: STRING | ESTRING | DOLLAR_STRING;

// ---------------------------------------------------------------- names

typeName: (identifier DOT)? typeNameBody (OPEN_BRACKET INTEGER? CLOSE_BRACKET)*;

typeNameBody
  : DOUBLE PRECISION                                                        # doubleType
  | CHARACTER VARYING? typeModifiers?                                       # characterType
  | (TIMESTAMP | TIME) typeModifiers? ((WITH | WITHOUT) TIME ZONE)?         # datetimeType
  | INTERVAL typeModifiers?                                                 # intervalType
  | (IDENT | QUOTED_IDENT) typeModifiers?                                   # genericType
  ;

typeModifiers: OPEN_PAREN INTEGER (COMMA INTEGER)* CLOSE_PAREN;

qualifiedName: identifier (DOT identifier)*;

identifier: IDENT | QUOTED_IDENT | unreservedKeyword;

// After AS (and as option names) any keyword is a plain label.
colLabel: identifier | reservedKeyword;

unreservedKeyword
  : ABORT | ABSOLUTE | ADD | ALTER | ANALYZE | AT | BACKWARD | BEGIN | BINARY | CHARACTERISTICS
  | CLOSE | CURSOR | DECLARE
  | FORWARD | HOLD | INSENSITIVE | MOVE | PRIOR | RELATIVE | SCROLL | CASCADE | CHARACTER | CHECKPOINT | COMMIT
  | COMMITTED | CONFLICT | COPY | CSV | DEALLOCATE | DELETE_P | DEFERRABLE | DELIMITER | DOUBLE | DROP
  | ESCAPE | EXECUTE | EXPLAIN | EXTRACT | FIRST | FORCE | HEADER | IF | INSERT | INTERVAL | ISOLATION | KEY
  | LAST | LEVEL | LOCAL | NEXT | NULLS | ONLY | OPERATOR | PARTITION | PRECISION | PROGRAM
  | PREPARE | QUOTE | READ | RECURSIVE | RELEASE | RENAME | REPEATABLE | RESET | RESTRICT | ROLLBACK
  | ROW | ROWS | SAVEPOINT
  | SERIALIZABLE | SESSION | SET | SHOW | START | STDIN | STDOUT | SUBSTRING | TIME
  | TIMESTAMP | TRANSACTION | TRUNCATE | UNCOMMITTED | UNKNOWN | VARYING | VERBOSE | WITHOUT | WORK
  | WRITE | ZONE
  | CURRENT | EXCLUDE | FOLLOWING | GROUPS | NO | OTHERS | PRECEDING | RANGE | TIES | UNBOUNDED
  | CALL | DATA | MATERIALIZED | REPLACE | VIEW | TRIM | INDEX | INCLUDE
  | ALWAYS | CACHE | CYCLE | GENERATED | IDENTITY_P | INCREMENT | MAXVALUE | MINVALUE | OVERRIDING
  | OWNED | RESTART | SEQUENCE | VALUE_P | UPDATE
  ;

reservedKeyword
  : ALL | AND | ARRAY | AS | ASC | ASYMMETRIC | BETWEEN | BOTH | BY | CASE | CAST | CHECK | COLLATE | COLUMN
  | CONSTRAINT
  | CREATE | CROSS | CURRENT_DATE | CURRENT_TIME | CURRENT_TIMESTAMP | DEFAULT | DESC
  | DISTINCT | ELSE | END | EXCEPT | EXISTS | FALSE_P | FETCH | FILTER | FOR | FROM | FULL
  | GROUP | HAVING | ILIKE | IN | INNER | INTERSECT | INTO | IS | ISNULL | JOIN | LEFT
  | LATERAL | LEADING | LIKE | LIMIT | LOCALTIME | LOCALTIMESTAMP | NATURAL | NOT | NOTNULL | NULL_P | OFFSET
  | ON | OR | ORDER | OUTER | OVER | PRIMARY | RETURNING | RIGHT | SELECT | SIMILAR | SYMMETRIC
  | TABLE | THEN | TO | TRAILING | TRUE_P | UNION | UNIQUE | USING | VALUES | WHEN | WHERE | WINDOW | WITH
  | WITHIN
  ;
