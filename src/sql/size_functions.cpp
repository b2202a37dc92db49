#include "sql/size_functions.h"

#include "catalog/catalog.h"
#include "catalog/chunk_names.h"

namespace sundial::sql {
namespace {

const DataType kBigint = DataType::Of(TypeId::kInt64);
const DataType kName = DataType::Of(TypeId::kText);

// table_bytes, index_bytes, toast_bytes, total_bytes, node_name of
// `bytes` of segment files.
std::vector<exec::ExprPtr> ByteColumns(uint64_t bytes) {
  const Value value = Value::Int64(static_cast<int64_t>(bytes));
  return {exec::MakeConstant(value), exec::MakeConstant(Value::Int64(0)),
          exec::MakeConstant(Value::Int64(0)), exec::MakeConstant(value),
          exec::MakeConstant(Value::Null(kName))};
}

std::vector<ResultColumn> ByteColumnNames() {
  std::vector<ResultColumn> columns;
  for (const char* name : {"table_bytes", "index_bytes", "toast_bytes", "total_bytes"})
    columns.push_back(ResultColumn{.name = name, .type = kBigint});
  columns.push_back(ResultColumn{.name = "node_name", .type = kName});
  return columns;
}

}  // namespace

bool IsSizeTableFunction(const std::string& name) {
  return name == "hypertable_detailed_size" || name == "chunks_detailed_size";
}

Result<TableFunctionRelation> BindSizeTableFunction(const ast::Expr& call, ExprBinder& binder,
                                                    const exec::EvalContext& eval) {
  const bool chunks = call.name == "chunks_detailed_size";
  TableFunctionRelation relation;
  if (chunks) {
    relation.columns = {ResultColumn{.name = "chunk_schema", .type = kName},
                        ResultColumn{.name = "chunk_name", .type = kName}};
  }
  for (ResultColumn& column : ByteColumnNames())
    relation.columns.push_back(std::move(column));

  if (call.args.size() != 1 || !call.named_args.empty()) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function " + call.name + " with these arguments does not exist")
        .WithPosition(call.position)
        .WithHint("Use " + call.name + "(hypertable regclass).");
  }
  const ast::Expr* argument = call.args[0].get();
  ASSIGN_OR_RETURN(exec::ExprPtr oid, binder.Bind(*argument));
  auto values = std::make_shared<LogicalValues>();
  for (const ResultColumn& column : relation.columns)
    values->output_types.push_back(column.type);
  const bool described = oid->kind == exec::ExprKind::kParameter;
  ASSIGN_OR_RETURN(oid, binder.RelationArgument(std::move(oid), argument->position));
  if (described) {
    // Describing a prepared statement: its shape, no rows. Each execution
    // binds the parameter's value as a constant.
    relation.plan = std::move(values);
    return relation;
  }
  if (oid->kind != exec::ExprKind::kConstant || !(IsInteger(oid->type.id))) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         call.name + "() takes a constant relation name or OID here")
        .WithPosition(argument->position);
  }

  std::optional<catalog::Catalog::TableSizes> sizes;
  if (!oid->constant.is_null() && eval.catalog != nullptr) {
    ASSIGN_OR_RETURN(
        sizes, eval.catalog->UserTableSizes(static_cast<uint32_t>(oid->constant.int_value())));
  }
  if (sizes && sizes->table.is_hypertable() && !chunks) {
    values->rows.push_back(ByteColumns(sizes->stats.disk_bytes));
  } else if (sizes && sizes->table.is_hypertable()) {
    for (const ts::Engine::PartitionStats& chunk : sizes->chunks) {
      std::vector<exec::ExprPtr> row = {
          exec::MakeConstant(Value::Text(std::string(catalog::kChunkSchema))),
          exec::MakeConstant(Value::Text(catalog::ChunkTableName(sizes->table, chunk.start)))};
      for (exec::ExprPtr& value : ByteColumns(chunk.disk_bytes))
        row.push_back(std::move(value));
      values->rows.push_back(std::move(row));
    }
  }
  relation.plan = std::move(values);
  return relation;
}

}  // namespace sundial::sql
