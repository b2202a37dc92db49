#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/system_relations.h"
#include "common/pg_type_registry.h"

// Helpers the definitions of system relations share: column shorthands, a
// row builder addressing columns by name, and one list of every relation
// (system and user) for pg_class, pg_attribute and information_schema.
namespace sundial::catalog::system {

inline const DataType kOid = DataType::Of(TypeId::kInt64);
inline const DataType kName = DataType::Of(TypeId::kText);
inline const DataType kChar = DataType::Of(TypeId::kText);
// aclitem[], text[] and char[] columns are text[]; oid[] / oidvector are
// bigint[] like the oid columns; pg_node_tree is text.
inline const DataType kTextArray = DataType::ArrayOf(TypeId::kText);
inline const DataType kInt2Array = DataType::ArrayOf(TypeId::kInt16);
inline const DataType kOidArray = DataType::ArrayOf(TypeId::kInt64);
inline const DataType kNodeTree = DataType::Of(TypeId::kText);
inline const DataType kText = DataType::Of(TypeId::kText);
inline const DataType kBool = DataType::Of(TypeId::kBool);
inline const DataType kInt2 = DataType::Of(TypeId::kInt16);
inline const DataType kInt4 = DataType::Of(TypeId::kInt32);
inline const DataType kInt8 = DataType::Of(TypeId::kInt64);
inline const DataType kFloat4 = DataType::Of(TypeId::kFloat32);
inline const DataType kTimestampTz = DataType::Of(TypeId::kTimestampTz);
inline const DataType kInterval = DataType::Of(TypeId::kInterval);

struct ColumnDef {
  std::string_view name;
  DataType type;
};
std::vector<ts::ColumnSchema> Columns(std::initializer_list<ColumnDef> columns);

// Builds one row. Columns not set are NULL, except that with `zero_fixed`
// (catalog tables, whose fixed-width columns are NOT NULL in PostgreSQL)
// integer and boolean columns start as 0 / false.
class RowBuilder {
 public:
  RowBuilder(const SystemRelation& relation, bool zero_fixed);

  RowBuilder& Int(std::string_view column, int64_t value);
  RowBuilder& Float(std::string_view column, double value);
  RowBuilder& Bool(std::string_view column, bool value);
  RowBuilder& Text(std::string_view column, std::string_view value);
  RowBuilder& TimeInterval(std::string_view column, Interval value);
  // An int2[] or oid[] column (int2vector and oidvector in PostgreSQL).
  RowBuilder& IntArray(std::string_view column, const std::vector<int64_t>& values);
  // kInternal when a column was misnamed or given a value of another type:
  // a mistake in a relation's definition, which its unit test catches.
  Result<SystemRow> Finish();

 private:
  // The column's index, or -1 (recording the mistake) when it is missing or
  // its type fails `type_ok`.
  int Column(std::string_view column, bool (*type_ok)(TypeId));

  const SystemRelation& relation_;
  SystemRow row_;
  std::string error_;
};

// An index with what its rows need: its table and each element's
// attribute number in it (indkey).
struct IndexEntry {
  const IndexDefinition* index;
  const ts::TableSchema* table;
  std::vector<int> attnums;
};

// The snapshot's indexes. A snapshot lists the tables before the indexes,
// so it may hold an index whose table (or column) a DROP removed in
// between; no relation shows it.
std::vector<IndexEntry> Indexes(const CatalogSnapshot& snapshot);

// The pg_type entry of a column's type.
Result<const PgType*> ColumnPgType(const ts::ColumnSchema& column);

// One relation as pg_class and information_schema show it.
struct RelationEntry {
  uint32_t oid = 0;
  uint32_t namespace_oid = 0;
  std::string_view schema;
  std::string_view name;
  char kind = 'r';
  bool shared = false;  // pg_class.relisshared: the same in every database
  const std::vector<ts::ColumnSchema>* columns = nullptr;
  // DEFAULT SQL by column index; nullptr for system relations and views.
  const std::vector<std::optional<std::string>>* defaults = nullptr;
  uint32_t table_id = 0;  // store table id (user tables)
  // A user view's columns (it keeps names and types apart): `columns` points
  // here, shared so that the pointer survives moves of the entry.
  std::shared_ptr<const std::vector<ts::ColumnSchema>> view_columns;
};
// System relations first, then user tables in table id order, then views
// (relkind 'v', in public like the tables) in view id order.
std::vector<RelationEntry> AllRelations(const CatalogSnapshot& snapshot);

// The sequence behind a user table's identity column (GENERATED ... AS
// IDENTITY), or nullptr for any other column.
const SequenceDefinition* IdentitySequence(const CatalogSnapshot& snapshot, uint32_t table_id,
                                           uint32_t column_id);

// The rows of a relation for objects Sundial does not have.
Result<std::vector<SystemRow>> NoRows(const SystemRelation&, const CatalogSnapshot&);

// Appends the rows `build` makes, stopping at the first error.
template <typename Build>
Status AddRow(std::vector<SystemRow>& rows, RowBuilder builder, Build&& build) {
  build(builder);
  ASSIGN_OR_RETURN(SystemRow row, builder.Finish());
  rows.push_back(std::move(row));
  return Status::Ok();
}

void AddPgCatalogRelations(std::vector<SystemRelation>& relations);
void AddPgStatRelations(std::vector<SystemRelation>& relations);
void AddInformationSchemaRelations(std::vector<SystemRelation>& relations);
void AddTimescaleDbInformationRelations(std::vector<SystemRelation>& relations);

}  // namespace sundial::catalog::system
