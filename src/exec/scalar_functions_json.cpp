#include <optional>
#include <string>
#include <string_view>

#include "common/json_text.h"
#include "exec/function_catalog.h"

// json and jsonb access: -> and ->> by member name or element index, and
// json_typeof / jsonb_typeof. Values are their text (types.h), so a
// member's value is a slice of its document: json keeps the member's exact
// input text, jsonb's is already normalized.

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kInt32 = DataType::Of(TypeId::kInt32);

std::optional<std::string_view> Member(std::string_view json, const ColumnVector& key, size_t i) {
  if (key.type().id == TypeId::kInt32) return JsonElementText(json, key.data<int32_t>()[i]);
  return JsonMemberText(json, key.data<std::string_view>()[i]);
}

// ->: the member as json (or jsonb, the document's type).
Status Field(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* documents = args[0].data<std::string_view>();
  auto* r = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    std::optional<std::string_view> value = Member(documents[i], args[1], i);
    if (!value) {
      out.SetNull(i, true);
      continue;
    }
    r[i] = *value;
  }
  out.KeepStringsOf(args[0]);
  return Status::Ok();
}

// ->>: the member as text; JSON null is SQL NULL.
Status FieldText(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* documents = args[0].data<std::string_view>();
  auto* r = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    std::optional<std::string_view> value = Member(documents[i], args[1], i);
    std::optional<std::string> text = value ? JsonValueAsText(*value) : std::nullopt;
    if (!text) {
      out.SetNull(i, true);
      continue;
    }
    r[i] = out.AddString(*text);
  }
  return Status::Ok();
}

Status TypeOf(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* documents = args[0].data<std::string_view>();
  auto* r = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) r[i] = out.AddString(JsonTypeName(documents[i]));
  }
  return Status::Ok();
}

}  // namespace

void RegisterJsonFunctions(FunctionCatalog& catalog) {
  for (TypeId id : {TypeId::kJson, TypeId::kJsonb}) {
    const DataType json = DataType::Of(id);
    for (const DataType& key : {kText, kInt32}) {
      catalog.AddScalar("->", {json, key}, json, Field);
      catalog.AddScalar("->>", {json, key}, kText, FieldText);
    }
    catalog.AddScalar(id == TypeId::kJson ? "json_typeof" : "jsonb_typeof", {json}, kText, TypeOf);
  }
}

}  // namespace sundial::exec
