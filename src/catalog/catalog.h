#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::catalog {

// Name resolution for relations. Tables are stored by the ts engine, which
// persists their schemas; the catalog resolves (schema-qualified) names onto
// them and is where views, continuous aggregates and the pg_catalog /
// information_schema relations join later. Thread-safe.
class Catalog {
 public:
  explicit Catalog(ts::Engine& engine) : engine_(engine) {}

  // Resolves "name" or "public.name". Unquoted names arrive lower-cased.
  std::optional<ts::TableSchema> FindTable(const std::string& schema,
                                           const std::string& name) const;
  std::vector<ts::TableSchema> ListTables() const { return engine_.ListTables(); }

 private:
  ts::Engine& engine_;
};

}  // namespace sundial::catalog
