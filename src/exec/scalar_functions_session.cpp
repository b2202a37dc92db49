#include <algorithm>
#include <string>
#include <string_view>

#include "exec/expression.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);

// The leading "PostgreSQL 15.0" is what tools parse to pick their SQL dialect.
constexpr std::string_view kVersion =
    "PostgreSQL 15.0 (Sundial) on x86_64-pc-linux-gnu, compiled by g++, 64-bit";

Status FillText(std::string_view text, size_t count, ColumnVector& out) {
  std::string_view stored = out.AddString(text);
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i)
    values[i] = stored;
  return Status::Ok();
}

Status Version(const ColumnVector*, size_t count, const EvalContext&, ColumnVector& out) {
  return FillText(kVersion, count, out);
}

Status CurrentUser(const ColumnVector*, size_t count, const EvalContext& context,
                   ColumnVector& out) {
  return FillText(context.user, count, out);
}

Status CurrentDatabase(const ColumnVector*, size_t count, const EvalContext& context,
                       ColumnVector& out) {
  return FillText(context.database, count, out);
}

Status CurrentSchema(const ColumnVector*, size_t count, const EvalContext&, ColumnVector& out) {
  return FillText("public", count, out);
}

// current_schemas(include_implicit): the search path as it resolves names,
// with pg_catalog first when implicit schemas are asked for.
Status CurrentSchemas(const ColumnVector* args, size_t count, const EvalContext&,
                      ColumnVector& out) {
  const auto* implicit = args[0].data<uint8_t>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    out.data<std::string_view>()[i] =
        out.AddString(implicit[i] != 0 ? "{pg_catalog,public}" : "{public}");
  }
  return Status::Ok();
}

Status BackendPid(const ColumnVector*, size_t count, const EvalContext& context,
                  ColumnVector& out) {
  std::fill_n(out.data<int32_t>(), count, context.backend_pid);
  return Status::Ok();
}

Status CurrentSetting(const ColumnVector* args, size_t count, const EvalContext& context,
                      ColumnVector& out) {
  const auto* names = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (args[0].IsNull(i)) continue;
    if (context.settings == nullptr) {
      return Status::Error(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" +
                                                            std::string(names[i]) + "\"");
    }
    ASSIGN_OR_RETURN(std::string value, context.settings->Get(names[i]));
    values[i] = out.AddString(value);
  }
  return Status::Ok();
}

}  // namespace

void RegisterSessionFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("version", {}, kText, Version);
  for (const char* name : {"current_user", "session_user", "user", "current_role"}) {
    catalog.AddScalar(name, {}, kText, CurrentUser);
  }
  catalog.AddScalar("current_database", {}, kText, CurrentDatabase);
  catalog.AddScalar("current_catalog", {}, kText, CurrentDatabase);
  catalog.AddScalar("current_schema", {}, kText, CurrentSchema);
  catalog.AddScalar("pg_backend_pid", {}, DataType::Of(TypeId::kInt32), BackendPid);
  catalog.AddScalar("current_schemas", {DataType::Of(TypeId::kBool)},
                    DataType::ArrayOf(TypeId::kText), CurrentSchemas);
  catalog.AddScalar("current_setting", {kText}, kText, CurrentSetting);
}

}  // namespace sundial::exec
