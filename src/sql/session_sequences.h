#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "exec/expression.h"

namespace sundial::catalog {
class Catalog;
}

namespace sundial::sql {

// A session's access to the database's sequences: nextval and setval go to
// the shared, durable catalog::SequenceDefinitions; currval and lastval are
// what this session's own nextval calls returned, as in PostgreSQL.
// Thread-safe (a parallel plan's workers may call nextval at once).
class SessionSequences : public exec::SequenceAccess {
 public:
  explicit SessionSequences(const catalog::Catalog& catalog) : catalog_(catalog) {}

  Status NextValues(int64_t oid, size_t count, int64_t* out) override;
  Result<int64_t> CurrentValue(int64_t oid) override;
  Result<int64_t> LastValue() override;
  Status SetValue(int64_t oid, int64_t value, bool is_called) override;
  Result<std::optional<std::string>> ColumnSequence(std::string_view table,
                                                    std::string_view column) override;

 private:
  // 42809 for an OID of another relation, 42P01 for one of none.
  Status CheckSequence(int64_t oid) const;

  const catalog::Catalog& catalog_;
  std::mutex mutex_;
  std::map<int64_t, int64_t> current_values_;  // by sequence OID
  std::optional<int64_t> last_used_;           // the OID nextval last served
};

}  // namespace sundial::sql
