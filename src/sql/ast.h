#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Sundial's own syntax tree. The ANTLR parse tree is converted into these
// types inside src/sql/parser and never escapes it. Identifiers are already
// case-folded (unquoted -> lower case, quoted kept as written). Every node
// carries `position`: the 1-based character offset of its first token in the
// whole query string (0 when synthesized), for error messages.

namespace sundial::sql::ast {

struct SelectStmt;
struct WindowSpec;

// A type as written: "double precision", "varchar" with modifier 32,
// "timestamptz", "pg_catalog.text" (qualifier stripped), "int[]" (is_array).
struct TypeName {
  std::string name;  // canonical lower-case words, e.g. "timestamp with time zone"
  std::vector<int> modifiers;
  bool is_array = false;
  int position = 0;
};

enum class ExprKind {
  kColumnRef,  // [qualifier.]name
  kStar,       // * or qualifier.* (only in select lists and count(*))
  kLiteral,    // literal_kind + text
  kParameter,  // $n
  kFunction,   // name(args) [WITHIN GROUP ...] [FILTER ...] — also aggregates, count(*)
  kUnaryOp,    // op args[0]: "-", "+", "not"
  kBinaryOp,   // args[0] op args[1]:
               // "+","-","*","/","%","^","||","=","<>","<",">","<=",">=","and","or"
  kCast,       // args[0]::type_name, CAST(args[0] AS type_name), and type 'literal' (typed literal)
  kIsNull,     // args[0] IS [NOT] NULL
  kIsBool,     // args[0] IS [NOT] TRUE/FALSE/UNKNOWN (bool_test: "true","false","unknown")
  kInList,     // args[0] [NOT] IN (args[1..])
  kInSubquery,      // args[0] [NOT] IN (subquery)
  kExists,          // [NOT] EXISTS (subquery)
  kScalarSubquery,  // (subquery)
  kBetween,         // args[0] [NOT] BETWEEN [SYMMETRIC] args[1] AND args[2]
  kIsDistinct,      // args[0] IS [NOT] DISTINCT FROM args[1]
  kLike,            // args[0] [NOT] LIKE/ILIKE args[1]
  kCase,            // CASE [args[0] if has_operand] WHEN.. THEN.. [ELSE]; see CaseParts
  kArray,           // ARRAY[args...]
  kArraySubquery,   // ARRAY(subquery)
  kSubscript,       // args[0][args[1]]
};

enum class LiteralKind { kNull, kBool, kInteger, kDecimal, kString };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;  // unset: the default for the direction
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  int position = 0;

  // kColumnRef, kStar: optional table qualifier; kColumnRef: column name.
  std::string qualifier;
  std::string name;  // also kFunction (lower-cased, schema qualifier stripped) and operators

  // kLiteral
  LiteralKind literal_kind = LiteralKind::kNull;
  std::string text;  // literal spelling: digits for numbers, unescaped content for strings,
                     // "t"/"f" for booleans
  // kParameter
  int parameter_index = 0;  // 1-based

  std::vector<ExprPtr> args;
  // kFunction: named arguments (name => value), e.g. chunk_time_interval => ...
  std::vector<std::pair<std::string, ExprPtr>> named_args;
  bool star_arg = false;  // count(*)
  bool distinct = false;  // count(DISTINCT x)
  // kFunction: string_agg(x, ',' ORDER BY y), or with within_group the
  // ordered-set form percentile_cont(0.5) WITHIN GROUP (ORDER BY x).
  std::vector<OrderItem> order_by;
  bool within_group = false;
  ExprPtr filter;  // kFunction: FILTER (WHERE filter)

  std::optional<TypeName> type_name;  // kCast

  bool negated = false;           // NOT IN, NOT BETWEEN, NOT LIKE, IS NOT NULL, NOT EXISTS,
                                  // IS NOT DISTINCT FROM
  bool symmetric = false;         // BETWEEN SYMMETRIC
  bool case_insensitive = false;  // ILIKE
  std::string bool_test;          // kIsBool

  // kCase: args = [operand?] then (when, then)* then [else].
  bool has_operand = false;
  bool has_else = false;

  std::unique_ptr<SelectStmt> subquery;  // kInSubquery, kExists, kScalarSubquery

  // kFunction called as a window function: name(args) OVER ...
  std::unique_ptr<WindowSpec> over;
};

struct SelectItem {
  ExprPtr expr;       // may be kStar
  std::string alias;  // empty when none
};

enum class JoinKind { kInner, kLeft, kRight, kFull, kCross };

struct TableRef;
using TableRefPtr = std::unique_ptr<TableRef>;

// A FROM item: a named table, a subquery, a set-returning function, or a join.
struct TableRef {
  enum class Kind { kTable, kSubquery, kFunction, kJoin } kind = Kind::kTable;
  int position = 0;
  std::string schema;  // kTable: "public", "pg_catalog" or empty
  std::string name;    // kTable
  std::string alias;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStmt> subquery;  // kSubquery
  ExprPtr function;                      // kFunction
  // kSubquery: LATERAL, so it may refer to the FROM items before it. A
  // function in FROM may always do so, as in PostgreSQL.
  bool lateral = false;
  // kJoin
  JoinKind join_kind = JoinKind::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr join_condition;                  // ON
  std::vector<std::string> using_columns;  // USING (...)
  bool natural = false;                    // NATURAL: USING every common column name
};

enum class FrameUnit { kRows, kRange, kGroups };

enum class FrameBoundKind {
  kUnboundedPreceding,
  kPreceding,  // offset PRECEDING
  kCurrentRow,
  kFollowing,  // offset FOLLOWING
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ExprPtr offset;  // kPreceding, kFollowing
  int position = 0;
};

// ROWS/RANGE/GROUPS frame; a single bound means BETWEEN it AND CURRENT ROW.
struct WindowFrame {
  FrameUnit unit = FrameUnit::kRange;
  FrameBound start;
  FrameBound end;
  // EXCLUDE ...: "current row", "group", "ties", or empty for none/NO OTHERS.
  std::string exclusion;
  int position = 0;
};

// OVER name, or OVER ([existing] [PARTITION BY ...] [ORDER BY ...] [frame]).
struct WindowSpec {
  // OVER w: the window named w; OVER (w ...): the window this one copies.
  std::string name;
  bool parenthesized = false;  // false only for OVER w
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::optional<WindowFrame> frame;
  int position = 0;
};

// WINDOW name AS (spec)
struct WindowDef {
  std::string name;
  WindowSpec spec;
  int position = 0;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStmt> query;
  int position = 0;
};

enum class SetOperation { kNone, kUnion, kUnionAll, kIntersect, kExcept };

struct SelectStmt {
  int position = 0;
  std::vector<CommonTableExpr> with;
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;  // non-empty for DISTINCT ON (...)
  std::vector<SelectItem> targets;
  std::vector<TableRefPtr> from;  // comma-separated items
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<WindowDef> windows;
  std::vector<OrderItem> order_by;
  ExprPtr limit;  // null: no limit (also LIMIT ALL)
  ExprPtr offset;
  // A set operation: this node's own clauses above are empty except with,
  // order_by, limit, offset; set_left/set_right hold the operands.
  SetOperation set_operation = SetOperation::kNone;
  bool set_all = false;  // INTERSECT ALL, EXCEPT ALL (UNION ALL is kUnionAll)
  std::unique_ptr<SelectStmt> set_left;
  std::unique_ptr<SelectStmt> set_right;
  // VALUES (...), (...) used as a query.
  std::vector<std::vector<ExprPtr>> values;
};

// One option of CREATE / ALTER SEQUENCE or of an identity column, as written.
struct SequenceOption {
  enum class Kind {
    kAs,
    kIncrement,
    kMinValue,  // NO MINVALUE: has_value is false
    kMaxValue,  // NO MAXVALUE: has_value is false
    kStart,
    kRestart,  // RESTART without a value: back to the start value
    kCache,
    kCycle,  // NO CYCLE: cycle is false
    kOwnedBy,
  } kind = Kind::kIncrement;
  int64_t value = 0;
  bool has_value = true;
  bool cycle = true;
  TypeName type;                      // kAs
  std::vector<std::string> owned_by;  // kOwnedBy: [table, column] or ["none"]
  int position = 0;
};

struct ColumnDef {
  std::string name;
  TypeName type;
  bool not_null = false;
  bool primary_key = false;
  ExprPtr default_value;
  // GENERATED ALWAYS ('a') or BY DEFAULT ('d') AS IDENTITY, with its
  // sequence's options; 0 for any other column.
  char identity = 0;
  std::vector<SequenceOption> identity_options;
  int position = 0;
};

// CREATE SEQUENCE and ALTER SEQUENCE.
struct SequenceStmt {
  std::string name;
  bool if_not_exists = false;  // CREATE
  bool if_exists = false;      // ALTER
  std::vector<SequenceOption> options;
};

struct DropSequenceStmt {
  std::vector<std::string> names;
  bool if_exists = false;
  bool cascade = false;  // also drop the column defaults that call nextval of them
};

// Storage options as written: WITH (key = value, ...) or SET (...); keys
// lower-cased with their prefix (timescaledb.hypertable), an option without
// a value reads "true".
using TableOptions = std::vector<std::pair<std::string, std::string>>;

// PRIMARY KEY or UNIQUE of a table, written on a column or as a table
// constraint.
struct KeyConstraint {
  bool primary = false;
  std::string name;  // CONSTRAINT name; empty: PostgreSQL's generated one
  std::vector<std::string> columns;
  int position = 0;
};

struct CreateTableStmt {
  std::string name;
  bool if_not_exists = false;
  std::vector<ColumnDef> columns;
  std::vector<KeyConstraint> keys;  // in the order written
  // e.g. timescaledb.hypertable, timescaledb.partition_column='time'
  TableOptions options;
};

// CREATE [OR REPLACE] VIEW, and CREATE MATERIALIZED VIEW (Sundial keeps
// only TimescaleDB's continuous ones).
struct CreateViewStmt {
  std::string name;
  bool materialized = false;
  bool or_replace = false;
  bool if_not_exists = false;  // CREATE MATERIALIZED VIEW IF NOT EXISTS
  std::vector<std::string> column_names;
  TableOptions options;   // WITH (timescaledb.continuous, ...)
  bool with_data = true;  // WITH NO DATA: create empty
  std::unique_ptr<SelectStmt> query;
  std::string query_text;  // the SELECT as written, kept as the definition
  int position = 0;
};

// ALTER MATERIALIZED VIEW name SET (...) of a continuous aggregate.
struct AlterMaterializedViewStmt {
  std::string name;
  bool if_exists = false;
  TableOptions options;
  std::string unsupported;  // another action, as written, for the message
  int position = 0;
};

// CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON table ...
struct CreateIndexStmt {
  std::string name;  // empty: PostgreSQL's generated name
  std::string table;
  bool unique = false;
  bool if_not_exists = false;
  std::string method;  // USING method; empty: btree
  struct Element {
    std::string column;  // a plain column, else empty
    ExprPtr expression;  // an expression element
    std::string expression_text;
    bool descending = false;
    std::optional<bool> nulls_first;
  };
  std::vector<Element> elements;
  std::vector<std::string> include;
  TableOptions options;
  std::string predicate_text;  // WHERE, as written; empty: none
  int position = 0;
};

struct DropIndexStmt {
  std::vector<std::string> names;
  bool if_exists = false;
};

// DROP [MATERIALIZED] VIEW.
struct DropViewStmt {
  std::vector<std::string> names;
  bool materialized = false;
  bool if_exists = false;
  bool cascade = false;  // also drop the views that read these
};

struct DropTableStmt {
  std::vector<std::string> names;
  bool if_exists = false;
  bool cascade = false;
};

// ALTER TABLE [IF EXISTS] name <action>: one action per statement.
struct AlterTableStmt {
  enum class Action {
    kAddColumn,
    kDropColumn,
    kRenameColumn,
    kRenameTable,
    kSetOptions,
    kResetOptions,
    kSetDefault,   // ALTER COLUMN c SET DEFAULT expr: column_name, column.default_value
    kDropDefault,  // ALTER COLUMN c DROP DEFAULT: column_name
    kUnsupported
  };
  std::string name;
  bool if_exists = false;
  Action action = Action::kAddColumn;
  ColumnDef column;               // kAddColumn
  bool if_not_exists = false;     // ADD COLUMN IF NOT EXISTS
  bool column_if_exists = false;  // DROP COLUMN IF EXISTS
  std::string column_name;        // kDropColumn, kRenameColumn
  std::string new_name;           // kRenameColumn, kRenameTable
  TableOptions options;           // kSetOptions; kResetOptions: the names, values empty
  std::string unsupported;        // kUnsupported: the action as written, for the message
  int position = 0;
};

struct TruncateStmt {
  std::vector<std::string> names;
  bool restart_identity = false;  // RESTART IDENTITY: owned sequences start over
};

// DELETE FROM name [WHERE where].
// DELETE FROM t [[AS] alias] [USING from items] [WHERE ...] [RETURNING ...].
struct DeleteStmt {
  std::string table;
  std::string alias;  // empty: none
  std::vector<TableRefPtr> using_items;
  ExprPtr where;
  std::vector<SelectItem> returning;
};

// UPDATE t [AS alias] SET column = value | DEFAULT, ... [FROM items] [WHERE ...]
// [RETURNING ...].
struct UpdateStmt {
  std::string table;
  std::string alias;  // empty: none
  std::vector<TableRefPtr> from;
  struct Assignment {
    std::string column;
    ExprPtr value;  // null: DEFAULT
    int position = 0;
  };
  std::vector<Assignment> assignments;
  ExprPtr where;
  std::vector<SelectItem> returning;
};

struct InsertStmt {
  std::string table;
  std::vector<std::string> columns;  // empty: all, in table order
  // VALUES rows; an element may be null meaning DEFAULT.
  std::vector<std::vector<ExprPtr>> rows;
  std::unique_ptr<SelectStmt> select;  // INSERT ... SELECT
  std::vector<SelectItem> returning;
  bool default_values = false;  // INSERT ... DEFAULT VALUES: one row, every column its default
  // OVERRIDING SYSTEM VALUE: values given for GENERATED ALWAYS identity
  // columns are taken; OVERRIDING USER VALUE: those given for any identity
  // column are ignored.
  enum class Overriding { kNone, kSystemValue, kUserValue } overriding = Overriding::kNone;
};

struct CopyStmt {
  std::string table;  // empty when copying a query out
  std::vector<std::string> columns;
  std::unique_ptr<SelectStmt> query;  // COPY (query) TO STDOUT
  bool from = true;                   // FROM STDIN (false: TO STDOUT)
  bool stdio = true;                  // STDIN/STDOUT; false: a file name in `file_name`
  std::string file_name;
  // Options in either syntax: WITH (FORMAT csv, HEADER true, DELIMITER ',', NULL '')
  // or the old WITH CSV HEADER DELIMITER AS ','. Keys lower case.
  std::vector<std::pair<std::string, std::string>> options;
};

struct SetStmt {
  std::string name;                 // lower case; "timezone" for SET TIME ZONE
  std::vector<std::string> values;  // as written (strings unquoted, numbers as text)
  bool is_default = false;          // SET x TO DEFAULT
  bool is_local = false;
};

struct ShowStmt {
  std::string name;  // lower case; "all" for SHOW ALL
};

struct ResetStmt {
  std::string name;  // lower case; "all" for RESET ALL
};

struct TransactionStmt {
  enum class Kind {
    kBegin,
    kCommit,
    kRollback,
    kSavepoint,
    kReleaseSavepoint,
    kRollbackToSavepoint
  } kind = Kind::kBegin;
  std::string savepoint;  // the savepoint kinds' name
};

struct ExplainStmt;

struct Statement {
  enum class Kind {
    kSelect,
    kCreateTable,
    kDropTable,
    kAlterTable,
    kTruncate,
    kDelete,
    kUpdate,
    kInsert,
    kCopy,
    kSet,
    kShow,
    kReset,
    kTransaction,
    kExplain,
    kCheckpoint,
    kPrepare,        // PREPARE name [(types)] AS statement
    kExecute,        // EXECUTE name [(values)]
    kDeallocate,     // DEALLOCATE [PREPARE] name | ALL
    kDeclareCursor,  // DECLARE name [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR select
    kFetch,          // FETCH / MOVE [NEXT | FORWARD] [count | ALL] [FROM | IN] name
    kCloseCursor,    // CLOSE name | ALL
    kCreateView,
    kDropView,
    kAlterMaterializedView,
    kCreateIndex,
    kDropIndex,
    kCall,  // CALL procedure(args): `call` holds it as a function call
    kCreateSequence,
    kAlterSequence,
    kDropSequence,
  } kind = Kind::kSelect;

  // The statement's own text (without the trailing ';') and where it starts
  // in the query string (1-based), for positions and logging.
  std::string text;
  int position = 1;

  std::unique_ptr<SelectStmt> select;
  std::unique_ptr<CreateTableStmt> create_table;
  std::unique_ptr<DropTableStmt> drop_table;
  std::unique_ptr<CreateViewStmt> create_view;
  std::unique_ptr<DropViewStmt> drop_view;
  std::unique_ptr<AlterMaterializedViewStmt> alter_materialized_view;
  std::unique_ptr<CreateIndexStmt> create_index;
  std::unique_ptr<DropIndexStmt> drop_index;
  std::unique_ptr<SequenceStmt> sequence;  // kCreateSequence, kAlterSequence
  std::unique_ptr<DropSequenceStmt> drop_sequence;
  ExprPtr call;
  std::unique_ptr<AlterTableStmt> alter_table;
  std::unique_ptr<TruncateStmt> truncate;
  std::unique_ptr<DeleteStmt> delete_stmt;
  std::unique_ptr<UpdateStmt> update;
  std::unique_ptr<InsertStmt> insert;
  std::unique_ptr<CopyStmt> copy;
  std::unique_ptr<SetStmt> set;
  std::unique_ptr<ShowStmt> show;
  std::unique_ptr<ResetStmt> reset;
  std::unique_ptr<TransactionStmt> transaction;
  // kExplain: the explained statement and its options.
  std::unique_ptr<Statement> explained;
  bool explain_analyze = false;
  // kPrepare, kExecute, kDeallocate: the prepared statement's name (empty
  // for DEALLOCATE ALL); PREPARE's parameter types and statement (shared:
  // the session keeps it after the query string is gone); EXECUTE's values.
  std::string prepared_name;
  std::vector<TypeName> prepared_types;
  std::shared_ptr<const Statement> prepared;
  std::vector<ExprPtr> execute_arguments;
  // kDeclareCursor, kFetch, kCloseCursor: the cursor's name (empty for CLOSE
  // ALL). DECLARE's query is `select`; FETCH reads `fetch_count` rows (-1:
  // ALL), MOVE skips them.
  std::string cursor_name;
  bool cursor_with_hold = false;
  int64_t fetch_count = 1;
  bool fetch_is_move = false;
};

}  // namespace sundial::sql::ast
