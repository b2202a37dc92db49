#include "sql/statements.h"

namespace sundial::sql {

Result<StatementResult> ExecuteSet(const ast::SetStmt& set, Settings& settings) {
  bool to_default = set.is_default || set.values.empty();
  // SET TIME ZONE LOCAL / DEFAULT.
  if (set.name == "timezone" && set.values.size() == 1 &&
      (set.values[0] == "local" || set.values[0] == "default")) {
    to_default = true;
  }
  if (to_default) {
    RETURN_IF_ERROR(settings.Reset(set.name));
  } else {
    RETURN_IF_ERROR(settings.Set(set.name, set.values));
  }
  StatementResult result;
  result.command_tag = "SET";
  return result;
}

Result<StatementResult> ExecuteReset(const ast::ResetStmt& reset, Settings& settings) {
  RETURN_IF_ERROR(settings.Reset(reset.name));
  StatementResult result;
  result.command_tag = "RESET";
  return result;
}

}  // namespace sundial::sql
