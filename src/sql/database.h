#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace sundial::ts {
class Engine;
}
namespace sundial::catalog {
class Catalog;
}

namespace sundial::sql {

struct DatabaseOptions {
  std::string data_dir = "./sundial-data";
  size_t memtable_flush_bytes = 64 << 20;
};

// The shared state behind all sessions: the store and the catalog.
// Thread-safe.
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  ts::Engine& engine() { return *engine_; }
  catalog::Catalog& catalog() { return *catalog_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  Database() = default;
  std::string data_dir_;
  std::unique_ptr<ts::Engine> engine_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

}  // namespace sundial::sql
