#include "catalog/system_relation_builder.h"

#include <algorithm>

namespace sundial::catalog::system {

std::vector<ts::ColumnSchema> Columns(std::initializer_list<ColumnDef> columns) {
  std::vector<ts::ColumnSchema> out;
  out.reserve(columns.size());
  for (const ColumnDef& c : columns) {
    out.push_back(ts::ColumnSchema{.name = std::string(c.name), .type = c.type});
  }
  return out;
}

RowBuilder::RowBuilder(const SystemRelation& relation, bool zero_fixed) : relation_(relation) {
  row_.reserve(relation.columns.size());
  for (const ts::ColumnSchema& column : relation.columns) {
    const TypeId id = column.type.id;
    if (zero_fixed && IsInteger(id)) {
      row_.push_back(Value::Int(id, 0));
    } else if (zero_fixed && id == TypeId::kBool) {
      row_.push_back(Value::Bool(false));
    } else {
      row_.push_back(Value::Null(column.type));
    }
  }
}

int RowBuilder::Column(std::string_view column, bool type_ok) {
  const auto& columns = relation_.columns;
  const auto it = std::find_if(columns.begin(), columns.end(),
                               [column](const ts::ColumnSchema& c) { return c.name == column; });
  if (error_.empty() && (it == columns.end() || !type_ok)) {
    error_ = std::string(relation_.name) + "." + std::string(column) +
             (it == columns.end() ? " does not exist" : " has another type");
  }
  if (it == columns.end() || !type_ok) return -1;
  return static_cast<int>(it - columns.begin());
}

RowBuilder& RowBuilder::Int(std::string_view column, int64_t value) {
  const auto& columns = relation_.columns;
  const auto it = std::find_if(columns.begin(), columns.end(),
                               [column](const ts::ColumnSchema& c) { return c.name == column; });
  const TypeId id = it == columns.end() ? TypeId::kUnknown : it->type.id;
  const int index = Column(column, IsInteger(id) || IsTimestamp(id));
  if (index >= 0) row_[index] = Value::Int(id, value);
  return *this;
}

RowBuilder& RowBuilder::Float(std::string_view column, double value) {
  const auto& columns = relation_.columns;
  const auto it = std::find_if(columns.begin(), columns.end(),
                               [column](const ts::ColumnSchema& c) { return c.name == column; });
  const TypeId id = it == columns.end() ? TypeId::kUnknown : it->type.id;
  const int index = Column(column, IsFloat(id));
  if (index >= 0) row_[index] = Value::Float(id, value);
  return *this;
}

RowBuilder& RowBuilder::Bool(std::string_view column, bool value) {
  const int index = Column(column, true);
  if (index >= 0 && relation_.columns[index].type.id != TypeId::kBool) {
    if (error_.empty())
      error_ = std::string(relation_.name) + "." + std::string(column) + " is not boolean";
    return *this;
  }
  if (index >= 0) row_[index] = Value::Bool(value);
  return *this;
}

RowBuilder& RowBuilder::Text(std::string_view column, std::string_view value) {
  const int index = Column(column, true);
  if (index >= 0 && !IsString(relation_.columns[index].type.id)) {
    if (error_.empty())
      error_ = std::string(relation_.name) + "." + std::string(column) + " is not text";
    return *this;
  }
  if (index >= 0) row_[index] = Value::Text(std::string(value), relation_.columns[index].type);
  return *this;
}

Result<SystemRow> RowBuilder::Finish() {
  if (!error_.empty()) {
    return Status::Error(ErrorCode::kInternal, "system relation row: column " + error_);
  }
  return std::move(row_);
}

std::vector<RelationEntry> AllRelations(const CatalogSnapshot& snapshot) {
  std::vector<RelationEntry> out;
  for (const SystemRelation& relation : SystemRelations::Get().all()) {
    const bool shared = relation.name == "pg_database" || relation.name == "pg_authid" ||
                        relation.name == "pg_auth_members";
    out.push_back(RelationEntry{.oid = relation.oid,
                                .namespace_oid = relation.namespace_oid,
                                .schema = relation.schema,
                                .name = relation.name,
                                .kind = relation.kind,
                                .shared = shared,
                                .columns = &relation.columns,
                                .table_id = relation.table_id});
  }
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    out.push_back(RelationEntry{.oid = UserRelationOid(table.schema.table_id),
                                .namespace_oid = kPublicNamespaceOid,
                                .schema = "public",
                                .name = table.schema.name,
                                .kind = 'r',
                                .columns = &table.schema.columns,
                                .defaults = &table.defaults,
                                .table_id = table.schema.table_id});
  }
  return out;
}

}  // namespace sundial::catalog::system
