#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/index_definitions.h"
#include "ts/table_schema.h"

namespace sundial::catalog {

class Catalog;

// PostgreSQL 15's index access methods, the ones CREATE INDEX ... USING
// accepts, with their pg_am OIDs.
struct IndexAccessMethod {
  uint32_t oid;
  std::string_view name;
};
std::span<const IndexAccessMethod> IndexAccessMethods();
// 0 for a name that is none of them.
uint32_t IndexAccessMethodOid(std::string_view method);

// pg_index.indkey of `index` on `table`: each element's column as
// pg_attribute numbers it (its position among the table's columns now,
// from 1), 0 for an expression. nullopt when a column is no longer in the
// table.
std::optional<std::vector<int>> IndexAttributeNumbers(const IndexDefinition& index,
                                                      const ts::TableSchema& table);

// What PostgreSQL's pg_get_indexdef(oid, column, pretty) prints for `index`
// on `table`: for column 0 the whole statement (`CREATE INDEX name ON
// public.table USING btree (col, "time" DESC) WHERE (...)`), for k > 0 the
// k-th element alone, without its ordering, and "" for a k naming no
// element. Expressions and the predicate are the SQL as written, not
// PostgreSQL's deparse; `pretty` drops the parentheses PostgreSQL's
// deparse puts around a whole operator expression. nullopt when a column
// is no longer in the table.
std::optional<std::string> IndexDefText(const IndexDefinition& index, const ts::TableSchema& table,
                                        int64_t column = 0, bool pretty = false);

// The same for an index OID; nullopt for an OID that names no index, for
// which PostgreSQL answers NULL.
std::optional<std::string> IndexDefText(const Catalog& catalog, uint32_t oid, int64_t column = 0,
                                        bool pretty = false);

// What PostgreSQL's pg_get_constraintdef prints for the PRIMARY KEY or
// UNIQUE constraint with OID `oid` (`PRIMARY KEY (id)`); nullopt for an OID
// that names none.
std::optional<std::string> ConstraintDefText(const Catalog& catalog, uint32_t oid);

}  // namespace sundial::catalog
