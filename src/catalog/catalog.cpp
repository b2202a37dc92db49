#include "catalog/catalog.h"

#include <algorithm>

namespace sundial::catalog {

std::optional<ts::TableSchema> Catalog::FindTable(const std::string& schema,
                                                  const std::string& name) const {
  if (schema.empty() || schema == "pg_catalog" || schema == "information_schema") {
    if (const SystemRelation* relation = SystemRelations::Get().Find(schema, name)) {
      return relation->Schema();
    }
  }
  if (!schema.empty() && schema != "public") return std::nullopt;
  return engine_.FindTable(name);
}

CatalogSnapshot Catalog::Snapshot() const {
  CatalogSnapshot snapshot;
  std::vector<ts::TableSchema> tables = engine_.ListTables();
  std::sort(tables.begin(), tables.end(), [](const ts::TableSchema& a, const ts::TableSchema& b) {
    return a.table_id < b.table_id;
  });
  for (ts::TableSchema& schema : tables) {
    CatalogSnapshot::Table table;
    for (size_t i = 0; i < schema.columns.size(); ++i) {
      table.defaults.push_back(column_default_(schema.table_id, static_cast<int>(i)));
    }
    table.schema = std::move(schema);
    snapshot.tables.push_back(std::move(table));
  }
  return snapshot;
}

}  // namespace sundial::catalog
