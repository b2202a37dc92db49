#include "catalog/system_relation_builder.h"

#include <algorithm>
#include <memory>

#include "catalog/index_text.h"
#include "common/pg_type_registry.h"

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

int RowBuilder::Column(std::string_view column, bool (*type_ok)(TypeId)) {
  const auto& columns = relation_.columns;
  const auto it = std::find_if(columns.begin(), columns.end(),
                               [column](const ts::ColumnSchema& c) { return c.name == column; });
  const bool found = it != columns.end();
  if (found && type_ok(it->type.id)) return static_cast<int>(it - columns.begin());
  if (error_.empty()) {
    error_ = std::string(relation_.name) + "." + std::string(column) +
             (found ? " has another type" : " does not exist");
  }
  return -1;
}

RowBuilder& RowBuilder::Int(std::string_view column, int64_t value) {
  const int index = Column(column, [](TypeId id) { return IsInteger(id) || IsTimestamp(id); });
  if (index >= 0) row_[index] = Value::Int(relation_.columns[index].type.id, value);
  return *this;
}

RowBuilder& RowBuilder::Float(std::string_view column, double value) {
  const int index = Column(column, IsFloat);
  if (index >= 0) row_[index] = Value::Float(relation_.columns[index].type.id, value);
  return *this;
}

RowBuilder& RowBuilder::Bool(std::string_view column, bool value) {
  const int index = Column(column, [](TypeId id) { return id == TypeId::kBool; });
  if (index >= 0) row_[index] = Value::Bool(value);
  return *this;
}

RowBuilder& RowBuilder::Text(std::string_view column, std::string_view value) {
  const int index = Column(column, IsString);
  if (index >= 0) row_[index] = Value::Text(std::string(value), relation_.columns[index].type);
  return *this;
}

RowBuilder& RowBuilder::TimeInterval(std::string_view column, Interval value) {
  const int index = Column(column, [](TypeId id) { return id == TypeId::kInterval; });
  if (index >= 0) row_[index] = Value::OfInterval(value);
  return *this;
}

RowBuilder& RowBuilder::IntArray(std::string_view column, const std::vector<int64_t>& values) {
  const int index = Column(column, [](TypeId id) { return id == TypeId::kArray; });
  if (index < 0) return *this;
  const DataType type = relation_.columns[index].type;
  if (!IsInteger(type.element)) {
    if (error_.empty()) {
      error_ = std::string(relation_.name) + "." + std::string(column) + " has another type";
    }
    return *this;
  }
  // Integers need no quoting: this is already the canonical array text.
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(values[i]);
  }
  text += "}";
  row_[index] = Value::Text(std::move(text), type);
  return *this;
}

std::vector<IndexEntry> Indexes(const CatalogSnapshot& snapshot) {
  std::vector<IndexEntry> out;
  for (const IndexDefinition& index : snapshot.indexes) {
    for (const CatalogSnapshot::Table& table : snapshot.tables) {
      if (table.schema.table_id != index.table_id) continue;
      if (std::optional<std::vector<int>> attnums = IndexAttributeNumbers(index, table.schema)) {
        out.push_back(IndexEntry{&index, &table.schema, std::move(*attnums)});
      }
      break;
    }
  }
  return out;
}

Result<const PgType*> ColumnPgType(const ts::ColumnSchema& column) {
  const PgType* type = FindPgType(PgTypeOid(column.type));
  if (type == nullptr) {
    return Status::Error(ErrorCode::kInternal,
                         "column \"" + column.name + "\" has a type without a pg_type row");
  }
  return type;
}

Result<SystemRow> RowBuilder::Finish() {
  if (!error_.empty()) {
    return Status::Error(ErrorCode::kInternal, "system relation row: column " + error_);
  }
  return std::move(row_);
}

const SequenceDefinition* IdentitySequence(const CatalogSnapshot& snapshot, uint32_t table_id,
                                           uint32_t column_id) {
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    if (sequence.identity != 0 && sequence.owner_table_id == table_id &&
        sequence.owner_column_id == static_cast<int>(column_id)) {
      return &sequence;
    }
  }
  return nullptr;
}

Result<std::vector<SystemRow>> NoRows(const SystemRelation&, const CatalogSnapshot&) {
  return std::vector<SystemRow>{};
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
  for (const ViewDefinition& view : snapshot.views) {
    auto columns = std::make_shared<std::vector<ts::ColumnSchema>>();
    for (size_t i = 0; i < view.column_names.size() && i < view.column_types.size(); ++i) {
      columns->push_back(ts::ColumnSchema{.name = view.column_names[i],
                                          .type = view.column_types[i],
                                          .column_id = static_cast<uint32_t>(i)});
    }
    out.push_back(RelationEntry{.oid = view.oid(),
                                .namespace_oid = kPublicNamespaceOid,
                                .schema = "public",
                                .name = view.name,
                                .kind = 'v',
                                .columns = columns.get(),
                                .view_columns = std::move(columns)});
  }
  return out;
}

}  // namespace sundial::catalog::system
