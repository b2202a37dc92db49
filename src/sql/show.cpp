#include "sql/row_source.h"
#include "sql/statements.h"

namespace sundial::sql {

Result<StatementResult> ExecuteShow(const ast::ShowStmt& show, const Settings& settings) {
  StatementResult result;
  result.command_tag = "SHOW";
  const DataType text = DataType::Of(TypeId::kText);
  if (show.name == "all") {
    std::vector<std::vector<std::string>> rows;
    for (Settings::Row& row : settings.All()) {
      rows.push_back({std::move(row.name), std::move(row.setting), std::move(row.description)});
    }
    result.columns = {ResultColumn{.name = "name", .type = text},
                      ResultColumn{.name = "setting", .type = text},
                      ResultColumn{.name = "description", .type = text}};
    result.rows = MakeTextRows(3, std::move(rows));
    return result;
  }
  ASSIGN_OR_RETURN(std::string value, settings.Show(show.name));
  result.columns = {ResultColumn{.name = settings.DisplayName(show.name), .type = text}};
  result.rows = MakeTextRows(1, {{std::move(value)}});
  return result;
}

}  // namespace sundial::sql
