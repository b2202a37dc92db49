#include "catalog/system_relations.h"

#include <algorithm>

#include "catalog/system_relation_builder.h"

namespace sundial::catalog {

std::optional<std::string_view> RoleName(uint32_t oid) {
  if (oid == kSuperuserOid) return kSuperuserName;
  if (oid == kDatabaseOwnerRoleOid) return std::string_view("pg_database_owner");
  return std::nullopt;
}

ts::TableSchema SystemRelation::Schema() const {
  return ts::TableSchema{.table_id = table_id, .name = std::string(name), .columns = columns};
}

const SystemRelations& SystemRelations::Get() {
  static const SystemRelations registry;
  return registry;
}

SystemRelations::SystemRelations() {
  system::AddPgCatalogRelations(relations_);
  system::AddPgStatRelations(relations_);
  system::AddInformationSchemaRelations(relations_);
  system::AddTimescaleDbInformationRelations(relations_);
  for (size_t i = 0; i < relations_.size(); ++i) {
    relations_[i].table_id = kFirstSystemTableId + static_cast<uint32_t>(i);
  }
}

const SystemRelation* SystemRelations::Find(std::string_view schema, std::string_view name) const {
  if (schema.empty()) schema = "pg_catalog";
  const auto it = std::find_if(relations_.begin(), relations_.end(), [&](const SystemRelation& r) {
    return r.schema == schema && r.name == name;
  });
  return it == relations_.end() ? nullptr : &*it;
}

const SystemRelation* SystemRelations::FindByTableId(uint32_t table_id) const {
  if (table_id < kFirstSystemTableId || table_id - kFirstSystemTableId >= relations_.size()) {
    return nullptr;
  }
  return &relations_[table_id - kFirstSystemTableId];
}

const SystemRelation* SystemRelations::FindByOid(uint32_t oid) const {
  const auto it = std::find_if(relations_.begin(), relations_.end(),
                               [oid](const SystemRelation& r) { return r.oid == oid; });
  return it == relations_.end() ? nullptr : &*it;
}

std::optional<bool> RelationVisible(uint32_t oid) {
  if (oid >= kFirstUserOid && oid < kAttrDefOidBase) return true;
  if (const SystemRelation* relation = SystemRelations::Get().FindByOid(oid)) {
    return relation->namespace_oid == kPgCatalogNamespaceOid;
  }
  return std::nullopt;
}

}  // namespace sundial::catalog
