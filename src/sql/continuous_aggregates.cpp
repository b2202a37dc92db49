#include "sql/continuous_aggregates.h"

#include <algorithm>
#include <limits>

#include "common/datetime.h"
#include "common/quote_ident.h"
#include "exec/vector_ops.h"
#include "sql/continuous_aggregate_ranges.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/segment_order_options.h"
#include "sql/statements.h"
#include "sql/table_rows.h"
#include "sql/views.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::sql {
namespace {

constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();
// TimescaleDB's default time_bucket origin, Monday 2000-01-03 (UTC).
constexpr int64_t kDefaultOriginMicros = kPostgresEpochMicros + 2 * kMicrosPerDay;
// A materialization hypertable's chunks span ten of its source's, as in TimescaleDB.
constexpr int64_t kMaterializationChunkFactor = 10;

Status NotSupported(const std::string& what) {
  return Status::Error(ErrorCode::kFeatureNotSupported, what);
}

Status InvalidDefinition(const std::string& detail) {
  return Status::Error(ErrorCode::kFeatureNotSupported, "invalid continuous aggregate query")
      .WithDetail(detail);
}

ast::ExprPtr ColumnRef(const std::string& qualifier, const std::string& name) {
  auto ref = std::make_unique<ast::Expr>();
  ref->kind = ast::ExprKind::kColumnRef;
  ref->qualifier = qualifier;
  ref->name = name;
  return ref;
}

// `'<time>'::timestamptz` (or ::timestamp): exact to the microsecond.
// Bounds beyond the finite timestamps (the open-ended spans of rows at
// +-infinity) read as 'infinity' / '-infinity'; the DELETE and the INSERT
// of a refresh compare with the same literal, so they cover the same rows.
ast::ExprPtr TimeLiteral(int64_t micros, TypeId type) {
  auto text = std::make_unique<ast::Expr>();
  text->kind = ast::ExprKind::kLiteral;
  text->literal_kind = ast::LiteralKind::kString;
  if (micros >= kEndTimestampDays * kMicrosPerDay) {
    text->text = "infinity";
  } else if (micros <= kMinTimestampDays * kMicrosPerDay) {
    text->text = "-infinity";
  } else if (type == TypeId::kTimestampTz) {
    FormatTimestampTz(micros, TimeZone::Utc(), text->text);
  } else {
    FormatTimestamp(micros, text->text);
  }
  auto cast = std::make_unique<ast::Expr>();
  cast->kind = ast::ExprKind::kCast;
  cast->type_name =
      ast::TypeName{.name = type == TypeId::kTimestampTz ? "timestamptz" : "timestamp"};
  cast->args.push_back(std::move(text));
  return cast;
}

ast::ExprPtr Binary(std::string op, ast::ExprPtr left, ast::ExprPtr right) {
  auto expr = std::make_unique<ast::Expr>();
  expr->kind = ast::ExprKind::kBinaryOp;
  expr->name = std::move(op);
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return expr;
}

// `column >= begin AND column < end` for the finite ends; null when both are open.
ast::ExprPtr RangeCondition(const std::string& qualifier, const std::string& column, TypeId type,
                            int64_t begin, int64_t end) {
  ast::ExprPtr condition;
  if (begin != kMinTime)
    condition = Binary(">=", ColumnRef(qualifier, column), TimeLiteral(begin, type));
  if (end != kMaxTime) {
    ast::ExprPtr upper = Binary("<", ColumnRef(qualifier, column), TimeLiteral(end, type));
    condition =
        condition ? Binary("and", std::move(condition), std::move(upper)) : std::move(upper);
  }
  return condition;
}

// Rows in any of `ranges`: their range conditions joined by OR. Null when
// one range is unbounded on both sides (every row).
ast::ExprPtr AnyRangeCondition(const std::string& qualifier, const std::string& column, TypeId type,
                               const std::vector<TimeSpan>& ranges) {
  ast::ExprPtr any;
  for (const TimeSpan& range : ranges) {
    ast::ExprPtr one = RangeCondition(qualifier, column, type, range.first, range.second);
    if (!one) return nullptr;
    any = any ? Binary("or", std::move(any), std::move(one)) : std::move(one);
  }
  return any;
}

void AddCondition(ast::SelectStmt& select, ast::ExprPtr condition) {
  if (!condition) return;
  select.where = select.where ? Binary("and", std::move(select.where), std::move(condition))
                              : std::move(condition);
}

// A query matching no row, with the view's columns: a set of ranges that is
// empty reads nothing.
ast::ExprPtr FalseLiteral() {
  auto literal = std::make_unique<ast::Expr>();
  literal->kind = ast::ExprKind::kLiteral;
  literal->literal_kind = ast::LiteralKind::kBool;
  literal->text = "f";
  return literal;
}

std::optional<ts::TableSchema> TableById(const catalog::Catalog& catalog, uint32_t table_id) {
  for (ts::TableSchema& table : catalog.ListTables()) {
    if (table.table_id == table_id) return std::move(table);
  }
  return std::nullopt;
}

// The definition's source table as its FROM names it, and the qualifier
// that names its columns there.
struct SourceRef {
  ts::TableSchema table;
  std::string qualifier;
  std::string time_column;
  TypeId time_type = TypeId::kTimestampTz;
};

Result<SourceRef> ResolveSource(const ast::SelectStmt& select, const catalog::Catalog& catalog) {
  if (select.set_operation != ast::SetOperation::kNone || !select.with.empty() ||
      !select.values.empty()) {
    return InvalidDefinition(
        "The query must be a single SELECT without WITH, VALUES or set "
        "operations.");
  }
  if (select.from.size() != 1 || select.from[0]->kind != ast::TableRef::Kind::kTable) {
    return InvalidDefinition("The query must read exactly one hypertable, without joins.");
  }
  const ast::TableRef& ref = *select.from[0];
  std::optional<ts::TableSchema> table = catalog.FindTable(ref.schema, ref.name);
  if (!table || table->table_id >= catalog::kFirstSystemTableId || !table->is_hypertable()) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "table \"" + ref.name + "\" is not a hypertable")
        .WithHint("Continuous aggregates read one hypertable (create_hypertable).");
  }
  const ts::ColumnSchema& time = table->columns[*table->time_column];
  if (time.type.id != TypeId::kTimestampTz && time.type.id != TypeId::kTimestamp) {
    return NotSupported("continuous aggregates over a " + TypeName(time.type) +
                        " time column are not supported");
  }
  SourceRef source{.table = std::move(*table),
                   .qualifier = ref.alias.empty() ? ref.name : ref.alias,
                   .time_column = time.name,
                   .time_type = time.type.id};
  return source;
}

bool ContainsWindowCall(const ast::Expr& expr) {
  if (expr.over) return true;
  for (const ast::ExprPtr& arg : expr.args) {
    if (arg && ContainsWindowCall(*arg)) return true;
  }
  return false;
}

// Whether two expressions are written alike: names, literals and arguments
// (enough to recognise a GROUP BY key repeating time_bucket(...)).
bool SameCall(const ast::Expr& a, const ast::Expr& b) {
  if (a.kind != b.kind || a.name != b.name || a.qualifier != b.qualifier || a.text != b.text ||
      a.literal_kind != b.literal_kind || a.args.size() != b.args.size() ||
      a.named_args.size() != b.named_args.size() ||
      a.type_name.has_value() != b.type_name.has_value()) {
    return false;
  }
  for (size_t i = 0; i < a.named_args.size(); ++i) {
    if (a.named_args[i].first != b.named_args[i].first ||
        !SameCall(*a.named_args[i].second, *b.named_args[i].second)) {
      return false;
    }
  }
  if (a.type_name && (a.type_name->name != b.type_name->name ||
                      a.type_name->modifiers != b.type_name->modifiers)) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!a.args[i] || !b.args[i] || !SameCall(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

// The select-list item computing time_bucket(<constant width>, <time column>)
// and the bucket width: TimescaleDB's requirement of a continuous aggregate.
// An interval without months as microseconds; 22008 beyond the int64 range.
Result<int64_t> FixedMicros(const Interval& interval) {
  int64_t days = 0;
  int64_t micros = 0;
  if (__builtin_mul_overflow(int64_t{interval.days}, kMicrosPerDay, &days) ||
      __builtin_add_overflow(days, interval.micros, &micros)) {
    return Status::Error(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
  }
  return micros;
}

struct BucketTarget {
  size_t index = 0;
  int64_t width_micros = 0;
  int64_t origin_micros = kDefaultOriginMicros;
};

// time_bucket's third argument (or origin => / offset =>): an origin time
// moves the buckets' grid to it, an offset interval shifts the default grid.
Result<int64_t> BucketOrigin(const ast::Expr& expr, bool named_offset, TypeId time_type,
                             const exec::EvalContext& eval) {
  Scope none;
  ExprBinder binder(none, eval, "time_bucket origin");
  ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(expr));
  const bool offset = named_offset || bound->type.id == TypeId::kInterval;
  ASSIGN_OR_RETURN(bound, CoerceTo(bound, DataType::Of(offset ? TypeId::kInterval : time_type),
                                   eval, expr.position));
  if (bound->kind != exec::ExprKind::kConstant || bound->constant.is_null()) {
    return InvalidDefinition("The time_bucket origin or offset must be a constant.");
  }
  if (!offset) return bound->constant.int_value();
  const Interval shift = bound->constant.interval_value();
  // A day is not always 24 hours where time_bucket applies an offset in the
  // session's time zone; only fixed offsets keep one grid.
  if (shift.months != 0 || (shift.days != 0 && time_type == TypeId::kTimestampTz)) {
    return NotSupported(
        "time_bucket offsets with days or months are not supported in continuous aggregates over "
        "timestamptz");
  }
  ASSIGN_OR_RETURN(const int64_t micros, FixedMicros(shift));
  if (micros > kMaxTime - kDefaultOriginMicros || micros < kMinTime + kDefaultOriginMicros) {
    return Status::Error(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
  }
  return kDefaultOriginMicros + micros;
}

Result<BucketTarget> FindBucketTarget(const ast::SelectStmt& select, const SourceRef& source,
                                      const exec::EvalContext& eval) {
  std::optional<BucketTarget> found;
  for (size_t i = 0; i < select.targets.size(); ++i) {
    const ast::Expr& expr = *select.targets[i].expr;
    if (ContainsWindowCall(expr)) {
      return InvalidDefinition("Window functions are not supported in continuous aggregates.");
    }
    if (expr.kind != ast::ExprKind::kFunction || expr.name != "time_bucket") continue;
    if (expr.args.size() < 2 || expr.args.size() + expr.named_args.size() > 3) {
      return NotSupported(
          "continuous aggregates with time_bucket time zone arguments are not supported");
    }
    const ast::Expr& column = *expr.args[1];
    if (column.kind != ast::ExprKind::kColumnRef || column.name != source.time_column ||
        (!column.qualifier.empty() && column.qualifier != source.qualifier)) {
      return InvalidDefinition("time_bucket must bucket the hypertable's time column \"" +
                               source.time_column + "\".");
    }
    if (found) {
      return InvalidDefinition("The query must have exactly one time_bucket.");
    }
    Scope none;
    ExprBinder binder(none, eval, "time_bucket width");
    ASSIGN_OR_RETURN(exec::ExprPtr width, binder.Bind(*expr.args[0]));
    ASSIGN_OR_RETURN(
        width, CoerceTo(width, DataType::Of(TypeId::kInterval), eval, expr.args[0]->position));
    if (width->kind != exec::ExprKind::kConstant || width->constant.is_null()) {
      return InvalidDefinition("The time_bucket width must be a constant.");
    }
    const Interval interval = width->constant.interval_value();
    if (interval.months != 0) {
      return NotSupported("continuous aggregates with month or year buckets are not supported");
    }
    ASSIGN_OR_RETURN(const int64_t micros, FixedMicros(interval));
    if (micros <= 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue, "period must be greater than 0");
    }
    found = BucketTarget{.index = i, .width_micros = micros};
    if (expr.args.size() == 3) {
      ASSIGN_OR_RETURN(found->origin_micros,
                       BucketOrigin(*expr.args[2], false, source.time_type, eval));
    }
    for (const auto& [name, value] : expr.named_args) {
      if (name != "origin" && name != "offset") {
        return NotSupported("continuous aggregates with time_bucket " + name +
                            " arguments are not supported");
      }
      ASSIGN_OR_RETURN(found->origin_micros,
                       BucketOrigin(*value, name == "offset", source.time_type, eval));
    }
  }
  if (!found) {
    return InvalidDefinition(
        "Include a time_bucket of the hypertable's time column in the select list and GROUP "
        "BY.");
  }
  // GROUP BY must name the bucket: by ordinal, output name or the same expression.
  const ast::Expr& bucket_expr = *select.targets[found->index].expr;
  const std::string& alias = select.targets[found->index].alias;
  bool grouped = false;
  for (const ast::ExprPtr& key : select.group_by) {
    if (key->kind == ast::ExprKind::kLiteral && key->literal_kind == ast::LiteralKind::kInteger &&
        key->text == std::to_string(found->index + 1)) {
      grouped = true;
    } else if (key->kind == ast::ExprKind::kColumnRef && key->qualifier.empty() && !alias.empty() &&
               key->name == alias) {
      grouped = true;
    } else if (SameCall(*key, bucket_expr)) {
      grouped = true;
    }
  }
  if (!grouped) {
    return InvalidDefinition("The time_bucket must be a GROUP BY key.");
  }
  if (!select.order_by.empty() || select.limit || select.offset) {
    return InvalidDefinition(
        "ORDER BY, LIMIT and OFFSET are not supported in continuous "
        "aggregates.");
  }
  return *found;
}

Result<std::string> FreeMaterializationName(const catalog::Catalog& catalog) {
  for (int n = 1;; ++n) {
    std::string name = "_materialized_hypertable_" + std::to_string(n);
    if (!catalog.RelationOid("public", name)) return name;
  }
}

// Creates the hypertable that keeps the aggregate's rows.
Result<ts::TableSchema> CreateMaterialization(Database& database, const SourceRef& source,
                                              const BoundViewQuery& bound, size_t bucket_column) {
  ts::TableSchema schema;
  ASSIGN_OR_RETURN(schema.name, FreeMaterializationName(database.catalog()));
  for (const ResultColumn& column : bound.columns) {
    if (!ts::IsStoredTypeByte(static_cast<uint8_t>(column.type.id))) {
      return NotSupported("continuous aggregate column \"" + column.name + "\" of type " +
                          TypeName(column.type) + " cannot be materialized");
    }
    schema.columns.push_back(ts::ColumnSchema{.name = column.name, .type = column.type});
  }
  ASSIGN_OR_RETURN(ts::TableSchema created, database.engine().CreateTable(std::move(schema)));
  Result<ts::TableSchema> hypertable = database.engine().MakeHypertable(
      created.name, static_cast<int>(bucket_column),
      source.table.partition_interval_micros * kMaterializationChunkFactor);
  if (!hypertable.ok()) {
    // The creation failed either way; the half-made table must not linger.
    database.engine().DropTable(created.name).IgnoreError();
  }
  return hypertable;
}

Status RefreshRange(const catalog::ViewDefinition& view, const ts::TableSchema& materialization,
                    const TimeSpan& range, StatementContext& context) {
  const catalog::ContinuousAggregate& aggregate = *view.continuous;
  const std::string& bucket = view.column_names[aggregate.bucket_column];
  const TypeId time_type = view.column_types[aggregate.bucket_column].id;
  // The definition's literals are read in the time zone it was created in.
  StatementContext view_context = context;
  if (Result<TimeZone> zone = TimeZone::Lookup(view.time_zone); zone.ok()) {
    view_context.eval.time_zone = *zone;
  }

  ast::InsertStmt insert;
  insert.table = materialization.name;
  ASSIGN_OR_RETURN(insert.select, ParseStoredSelect(view.query));
  ASSIGN_OR_RETURN(SourceRef source, ResolveSource(*insert.select, context.database.catalog()));
  AddCondition(*insert.select, RangeCondition(source.qualifier, source.time_column,
                                              source.time_type, range.first, range.second));
  ASSIGN_OR_RETURN(std::vector<DataChunk> recomputed, ComputeInsertRows(insert, view_context));

  // The range's materialized rows give way to the recomputed ones in one
  // change of the store: no reader, and no restart after a crash, finds the
  // range empty or doubled.
  Scope scope;
  for (const ts::ColumnSchema& c : materialization.columns) {
    scope.columns.push_back(
        ScopeColumn{.qualifier = materialization.name, .name = c.name, .type = c.type});
  }
  ExprBinder binder(scope, view_context.eval, "WHERE");
  // Null for a range open at both ends: every row.
  exec::ExprPtr in_range;
  if (ast::ExprPtr condition = RangeCondition("", bucket, time_type, range.first, range.second)) {
    ASSIGN_OR_RETURN(in_range, binder.BindCondition(*condition));
  }
  std::vector<uint32_t> selected;
  ts::RowReplacer replacer = [&](const DataChunk& rows, std::vector<uint8_t>& matches,
                                 std::vector<DataChunk>&) -> Status {
    if (!in_range) {
      std::fill(matches.begin(), matches.end(), 1);
      return Status::Ok();
    }
    ColumnVector matched;
    RETURN_IF_ERROR(exec::Evaluate(*in_range, rows, view_context.eval, matched));
    selected.resize(rows.size());
    const size_t n = exec::SelectTrue(matched, rows.size(), selected.data());
    for (size_t i = 0; i < n; ++i)
      matches[selected[i]] = 1;
    return Status::Ok();
  };
  return context.database.engine()
      .ReplaceRows(CandidateRows(materialization, in_range), replacer, std::move(recomputed))
      .status();
}

Status ApplyOptions(const ast::TableOptions& options, bool& continuous, bool& materialized_only) {
  for (const auto& [key, value] : options) {
    std::optional<bool> flag;
    if (value == "true" || value == "on" || value == "1") flag = true;
    if (value == "false" || value == "off" || value == "0") flag = false;
    if (IsTimescaleOption(key, "continuous")) {
      if (!flag) {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             "invalid value for timescaledb.continuous: \"" + value + "\"");
      }
      continuous = *flag;
    } else if (IsTimescaleOption(key, "materialized_only")) {
      if (!flag) {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             "invalid value for timescaledb.materialized_only: \"" + value + "\"");
      }
      materialized_only = *flag;
    } else if (IsTimescaleOption(key, "create_group_indexes") ||
               IsTimescaleOption(key, "finalized")) {
      // Sundial keeps no indexes, and its aggregates are always finalized.
    } else {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "unrecognized parameter \"" + key + "\"");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<StatementResult> ExecuteCreateContinuousAggregate(const ast::CreateViewStmt& create,
                                                         StatementContext& context) {
  StatementResult result;
  result.command_tag = "CREATE MATERIALIZED VIEW";
  bool continuous = false;
  bool materialized_only = true;
  RETURN_IF_ERROR(ApplyOptions(create.options, continuous, materialized_only));
  if (!continuous) {
    return NotSupported(
        "materialized views other than continuous aggregates (WITH "
        "(timescaledb.continuous)) are not supported");
  }
  if (create.name.find('.') != std::string::npos) {
    return NotSupported("continuous aggregates outside schema public are not supported");
  }
  Database& database = context.database;
  catalog::Catalog& catalog = database.catalog();
  if (catalog.RelationOid("public", create.name)) {
    if (create.if_not_exists) {
      result.notices.push_back(
          Notice{.code = ErrorCode::kDuplicateTable,
                 .message = "relation \"" + create.name + "\" already exists, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kDuplicateTable,
                         "relation \"" + create.name + "\" already exists");
  }
  if (create.with_data && context.writer.DirectEngine() == nullptr) {
    return Status::Error(ErrorCode::kActiveSqlTransaction,
                         "CREATE MATERIALIZED VIEW ... WITH DATA cannot run inside a transaction "
                         "block")
        .WithHint("Use WITH NO DATA, or run it outside the block.");
  }
  ASSIGN_OR_RETURN(SourceRef source, ResolveSource(*create.query, catalog));
  ASSIGN_OR_RETURN(BucketTarget bucket, FindBucketTarget(*create.query, source, context.eval));
  if (create.query->group_by.empty()) {
    return InvalidDefinition("The query must aggregate with GROUP BY.");
  }
  ASSIGN_OR_RETURN(BoundViewQuery bound, BindViewDefinition(create, context));
  ASSIGN_OR_RETURN(ts::TableSchema materialization,
                   CreateMaterialization(database, source, bound, bucket.index));

  catalog::ViewDefinition view{
      .name = create.name, .query = create.query_text, .time_zone = context.eval.time_zone.name()};
  for (const ResultColumn& column : bound.columns) {
    view.column_names.push_back(column.name);
    view.column_types.push_back(column.type);
  }
  view.referenced_oids = std::move(bound.referenced_oids);
  view.referenced_oids.push_back(catalog::UserRelationOid(materialization.table_id));
  view.continuous = catalog::ContinuousAggregate{
      .source_table_id = source.table.table_id,
      .materialization_table_id = materialization.table_id,
      .bucket_column = static_cast<int>(bucket.index),
      .bucket_width_micros = bucket.width_micros,
      .bucket_origin_micros = bucket.origin_micros,
      .materialized_only = materialized_only,
  };
  Result<catalog::ViewDefinition> created = catalog.views().Create(std::move(view));
  if (!created.ok()) {
    // The view was not recorded, so nothing refers to the new table.
    database.engine().DropTable(materialization.name).IgnoreError();
    return created.status();
  }
  if (create.with_data) {
    result.notices.push_back(
        Notice{.message = "refreshing continuous aggregate \"" + create.name + "\""});
    Status refreshed =
        RefreshContinuousAggregate(*created, kMinTime, kMaxTime, context, result.notices);
    if (!refreshed.ok()) {
      // CREATE failed: the aggregate must not stay behind half made.
      DropViewDefinition(database, *created).IgnoreError();
      return refreshed;
    }
  }
  return result;
}

Result<std::unique_ptr<ast::SelectStmt>> ContinuousAggregateQuery(
    const catalog::ViewDefinition& view, const catalog::Catalog& catalog) {
  const catalog::ContinuousAggregate& aggregate = *view.continuous;
  std::optional<ts::TableSchema> materialization =
      TableById(catalog, aggregate.materialization_table_id);
  if (!materialization) {
    return Status::Error(
        ErrorCode::kUndefinedTable,
        "the materialization table of continuous aggregate \"" + view.name + "\" does not exist");
  }
  std::string sql = "SELECT ";
  for (size_t i = 0; i < view.column_names.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += QuoteIdent(view.column_names[i]);
  }
  sql += " FROM " + QuoteIdent(materialization->name);
  ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> materialized, ParseStoredSelect(sql));
  if (aggregate.materialized_only) return materialized;

  // Real time: materialized rows of the current buckets, the source's rows
  // aggregated for every other bucket.
  const std::string& bucket = view.column_names[aggregate.bucket_column];
  const TypeId time_type = view.column_types[aggregate.bucket_column].id;
  const std::vector<TimeSpan>& current = aggregate.current_ranges;
  if (current.empty()) {
    AddCondition(*materialized, FalseLiteral());
  } else {
    AddCondition(*materialized, AnyRangeCondition("", bucket, time_type, current));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> live, ParseStoredSelect(view.query));
  ASSIGN_OR_RETURN(SourceRef source, ResolveSource(*live, catalog));
  const std::vector<TimeSpan> stale = Complement(current);
  if (stale.empty()) {
    AddCondition(*live, FalseLiteral());
  } else {
    AddCondition(*live,
                 AnyRangeCondition(source.qualifier, source.time_column, source.time_type, stale));
  }
  auto both = std::make_unique<ast::SelectStmt>();
  both->set_operation = ast::SetOperation::kUnionAll;
  both->set_left = std::move(materialized);
  both->set_right = std::move(live);
  return both;
}

Status RefreshContinuousAggregate(const catalog::ViewDefinition& view, int64_t begin, int64_t end,
                                  StatementContext& context, std::vector<Notice>& notices) {
  Database& database = context.database;
  const catalog::ContinuousAggregate& aggregate = *view.continuous;
  // Only whole buckets inside the window are refreshed (TimescaleDB's
  // inscribed window).
  const int64_t first = BucketStart(aggregate, begin);
  const int64_t start = first == begin ? begin
                        : first > kMaxTime - aggregate.bucket_width_micros
                            ? kMaxTime
                            : first + aggregate.bucket_width_micros;
  const int64_t stop = BucketStart(aggregate, end);
  if (start >= stop) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "refresh window too small")
        .WithDetail("The refresh window must cover at least one bucket of data.")
        .WithHint(
            "Align the refresh window with the bucket time zone or use at least two "
            "buckets.");
  }
  std::optional<ts::TableSchema> materialization =
      TableById(database.catalog(), aggregate.materialization_table_id);
  if (!materialization) {
    return Status::Error(
        ErrorCode::kUndefinedTable,
        "the materialization table of continuous aggregate \"" + view.name + "\" does not exist");
  }
  ContinuousAggregateRanges& ranges = database.continuous_aggregate_ranges();
  ASSIGN_OR_RETURN(std::vector<TimeSpan> stale, ranges.BeginRefresh(view.view_id, {start, stop}));
  if (stale.empty()) {
    ranges.AbandonRefresh(view.view_id);
    notices.push_back(
        Notice{.message = "continuous aggregate \"" + view.name + "\" is already up-to-date"});
    return Status::Ok();
  }
  for (const TimeSpan& range : stale) {
    Status refreshed = RefreshRange(view, *materialization, range, context);
    if (!refreshed.ok()) {
      ranges.AbandonRefresh(view.view_id);
      return refreshed;
    }
  }
  return ranges.FinishRefresh(view.view_id, {start, stop});
}

Status DropMaterialization(Database& database, const catalog::ContinuousAggregate& aggregate) {
  std::optional<ts::TableSchema> table =
      TableById(database.catalog(), aggregate.materialization_table_id);
  if (!table) return Status::Ok();
  return database.engine().DropTable(table->name);
}

Result<StatementResult> ExecuteAlterMaterializedView(const ast::AlterMaterializedViewStmt& alter,
                                                     StatementContext& context) {
  StatementResult result;
  result.command_tag = "ALTER MATERIALIZED VIEW";
  catalog::Catalog& catalog = context.database.catalog();
  std::optional<catalog::ViewDefinition> view = catalog.FindView("public", alter.name);
  if (!view) {
    if (alter.if_exists) {
      result.notices.push_back(
          Notice{.code = ErrorCode::kUndefinedTable,
                 .message = "relation \"" + alter.name + "\" does not exist, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kUndefinedTable,
                         "relation \"" + alter.name + "\" does not exist");
  }
  if (!view->continuous) {
    return Status::Error(ErrorCode::kWrongObjectType,
                         "\"" + alter.name + "\" is not a materialized view");
  }
  if (!alter.unsupported.empty()) {
    return NotSupported("ALTER MATERIALIZED VIEW" + alter.unsupported + " is not supported")
        .WithHint("Sundial supports SET (timescaledb.materialized_only = true | false).");
  }
  bool continuous = true;
  bool materialized_only = view->continuous->materialized_only;
  RETURN_IF_ERROR(ApplyOptions(alter.options, continuous, materialized_only));
  if (!continuous) {
    return NotSupported(
        "turning a continuous aggregate into a plain materialized view is not "
        "supported");
  }
  // The current ranges may change concurrently; only the flag is ours to set.
  RETURN_IF_ERROR(context.database.continuous_aggregate_ranges().SetMaterializedOnly(
      view->view_id, materialized_only));
  return result;
}

Result<StatementResult> ExecuteCall(const ast::Expr& call, StatementContext& context) {
  if (call.name != "refresh_continuous_aggregate") {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "procedure " + call.name + " does not exist")
        .WithPosition(call.position)
        .WithHint(
            "No procedure matches the given name and argument types. You might need to "
            "add explicit type casts.");
  }
  StatementResult result;
  result.command_tag = "CALL";
  // Arguments by position or by TimescaleDB's names.
  const char* kNames[] = {"continuous_aggregate", "window_start", "window_end"};
  const ast::Expr* args[3] = {nullptr, nullptr, nullptr};
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (i >= 3) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "procedure refresh_continuous_aggregate with " +
                               std::to_string(call.args.size()) + " arguments does not exist")
          .WithPosition(call.position);
    }
    args[i] = call.args[i].get();
  }
  for (const auto& [name, value] : call.named_args) {
    auto it = std::find(std::begin(kNames), std::end(kNames), name);
    if (it == std::end(kNames) || args[it - std::begin(kNames)] != nullptr) {
      return Status::Error(
                 ErrorCode::kUndefinedFunction,
                 "procedure refresh_continuous_aggregate has no argument \"" + name + "\" here")
          .WithPosition(value->position);
    }
    args[it - std::begin(kNames)] = value.get();
  }
  for (const ast::Expr* arg : args) {
    if (arg == nullptr) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "procedure refresh_continuous_aggregate needs a continuous aggregate, "
                           "a window start and a window end")
          .WithPosition(call.position);
    }
  }
  Scope none;
  ExprBinder binder(none, context.eval, "CALL arguments");
  ASSIGN_OR_RETURN(exec::ExprPtr relation, binder.Bind(*args[0]));
  ASSIGN_OR_RETURN(
      relation, CoerceTo(relation, DataType::Of(TypeId::kText), context.eval, args[0]->position));
  if (relation->kind != exec::ExprKind::kConstant || relation->constant.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "invalid continuous aggregate")
        .WithPosition(args[0]->position);
  }
  catalog::Catalog& catalog = context.database.catalog();
  ASSIGN_OR_RETURN(uint32_t oid, catalog.ParseRegclass(relation->constant.text_value()));
  std::optional<catalog::ViewDefinition> view = catalog.views().FindByOid(oid);
  if (!view || !view->continuous) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "relation \"" + std::string(relation->constant.text_value()) +
                             "\" is not a continuous aggregate");
  }
  if (context.writer.DirectEngine() == nullptr) {
    return Status::Error(ErrorCode::kActiveSqlTransaction,
                         "refresh_continuous_aggregate() cannot run inside a transaction block");
  }
  const TypeId time_type = view->column_types[view->continuous->bucket_column].id;
  int64_t window[2] = {kMinTime, kMaxTime};
  for (int i = 0; i < 2; ++i) {
    ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(*args[i + 1]));
    ASSIGN_OR_RETURN(bound,
                     CoerceTo(bound, DataType::Of(time_type), context.eval, args[i + 1]->position));
    if (bound->kind != exec::ExprKind::kConstant) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "non-constant refresh windows are not supported")
          .WithPosition(args[i + 1]->position);
    }
    if (!bound->constant.is_null()) window[i] = bound->constant.int_value();
  }
  RETURN_IF_ERROR(RefreshContinuousAggregate(*view, window[0], window[1], context, result.notices));
  return result;
}

}  // namespace sundial::sql
