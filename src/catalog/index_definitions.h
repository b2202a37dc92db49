#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace sundial::catalog {

// Indexes get kFirstIndexOid + their index id, above the views' range
// (view_definitions.h) and below kAttrDefOidBase.
inline constexpr uint32_t kFirstIndexOid = (1u << 29) + (1u << 28);
// The constraint an index stands for gets kFirstConstraintOid + its index
// id, above every index OID and below kAttrDefOidBase.
inline constexpr uint32_t kFirstConstraintOid = (1u << 29) + (1u << 28) + (1u << 27);

// An index as CREATE INDEX named it. Sundial keeps no index structures:
// every column block has min/max zone maps, and an index whose leading
// columns name series may set the table's segment order (sets_segment_by).
// The definition is recorded so that pg_index, pg_indexes and psql's \d
// show it and DROP INDEX finds it.
struct IndexDefinition {
  uint32_t index_id = 0;
  std::string name;
  uint32_t table_id = 0;
  struct Element {
    int64_t column_id = -1;  // the table column's stable id; -1 for an expression
    std::string expression;  // SQL text of an expression element
    bool descending = false;
    bool nulls_first = false;  // as written or the direction's default
  };
  std::vector<Element> elements;
  std::string method = "btree";
  std::string predicate;  // WHERE of a partial index, SQL text; empty: none
  // Whether CREATE INDEX set the table's segment_by from its leading columns
  // (DROP INDEX then resets it, if still the same).
  bool sets_segment_by = false;
  // The table constraint the index was made for, as pg_constraint.contype:
  // 'p' PRIMARY KEY, 'u' UNIQUE (neither enforced: Sundial keeps no unique
  // structure); 0 for an index CREATE INDEX made.
  char constraint = 0;

  uint32_t oid() const { return kFirstIndexOid + index_id; }
  uint32_t constraint_oid() const { return kFirstConstraintOid + index_id; }
};

// The indexes of the database, persisted like the views (field_file.h).
// Thread-safe.
class IndexDefinitions {
 public:
  static Result<std::unique_ptr<IndexDefinitions>> Open(std::string path);
  explicit IndexDefinitions(std::string path) : path_(std::move(path)) {}

  std::optional<IndexDefinition> Find(const std::string& name) const;
  std::vector<IndexDefinition> List() const;
  std::vector<IndexDefinition> OfTable(uint32_t table_id) const;
  // Durably adds an index under a new id. kDuplicateTable if the name exists.
  Result<IndexDefinition> Create(IndexDefinition index);
  Status Drop(uint32_t index_id);

 private:
  Status Persist() const;  // requires mutex_

  std::string path_;
  mutable std::mutex mutex_;
  uint32_t next_index_id_ = 1;
  std::vector<IndexDefinition> indexes_;
};

}  // namespace sundial::catalog
