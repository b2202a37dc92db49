#include "catalog/catalog.h"

namespace sundial::catalog {

std::optional<ts::TableSchema> Catalog::FindTable(const std::string& schema,
                                                  const std::string& name) const {
  if (!schema.empty() && schema != "public") return std::nullopt;
  return engine_.FindTable(name);
}

}  // namespace sundial::catalog
