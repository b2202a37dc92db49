#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/array_text.h"
#include "common/json_text.h"
#include "common/jsonb_containment.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

// json and jsonb access: -> and ->> by member name or element index, #>
// and #>> by a path of them, json_typeof / jsonb_typeof, and jsonb's
// containment and key operators @>, <@, ?, ?| and ?&. Values are their text (types.h), so a
// member's value is a slice of its document: json keeps the member's exact
// input text, jsonb's is already normalized.

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kInt32 = DataType::Of(TypeId::kInt32);
const DataType kBool = DataType::Of(TypeId::kBool);
const DataType kTextArray = DataType::ArrayOf(TypeId::kText);

// The elements of a text[] value; NULL elements stay nullopt. Arrays in
// vectors are canonical, so splitting cannot fail.
std::vector<ArrayElement> TextElements(const ColumnVector& arrays, size_t row) {
  Result<std::vector<ArrayElement>> elements = SplitArrayText(arrays.data<std::string_view>()[row]);
  return elements.ok() ? std::move(elements).value() : std::vector<ArrayElement>();
}

// #> / #>>: follows a path of member names and (for arrays) element
// indexes; nullopt when a step finds nothing or a NULL step.
std::optional<std::string_view> PathValue(std::string_view json,
                                          const std::vector<ArrayElement>& path) {
  std::optional<std::string_view> current = json;
  for (const ArrayElement& step : path) {
    if (!step) return std::nullopt;
    const std::string_view type = JsonTypeName(*current);
    if (type == "object") {
      current = JsonMemberText(*current, *step);
    } else if (type == "array") {
      int64_t index = 0;
      const char* end = step->data() + step->size();
      auto [stop, error] = std::from_chars(step->data(), end, index);
      if (error != std::errc() || stop != end) return std::nullopt;
      current = JsonElementText(*current, index);
    } else {
      return std::nullopt;
    }
    if (!current) return std::nullopt;
  }
  return current;
}

template <bool kAsText>
Status Path(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* documents = args[0].data<std::string_view>();
  auto* r = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    std::optional<std::string_view> value = PathValue(documents[i], TextElements(args[1], i));
    if (!value) {
      out.SetNull(i, true);
      continue;
    }
    if (!kAsText) {
      r[i] = out.AddString(*value);
      continue;
    }
    std::optional<std::string> text = JsonValueAsText(*value);
    if (!text) {
      out.SetNull(i, true);
      continue;
    }
    r[i] = out.AddString(*text);
  }
  return Status::Ok();
}

template <bool kContainerFirst>
Status Contains(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<std::string_view, std::string_view, uint8_t>(
      args[0], args[1], n, out, [](std::string_view a, std::string_view b) {
        return kContainerFirst ? JsonbContains(a, b) : JsonbContains(b, a);
      });
  return Status::Ok();
}

Status HasKey(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<std::string_view, std::string_view, uint8_t>(
      args[0], args[1], n, out,
      [](std::string_view json, std::string_view key) { return JsonbHasKey(json, key); });
  return Status::Ok();
}

// ?| (any) and ?& (all) over the non-NULL keys of a text[].
template <bool kAll>
Status HasKeys(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* documents = args[0].data<std::string_view>();
  auto* r = out.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    bool result = kAll;
    for (const ArrayElement& key : TextElements(args[1], i)) {
      if (!key) continue;
      if (JsonbHasKey(documents[i], *key) != kAll) {
        result = !kAll;
        break;
      }
    }
    r[i] = result ? 1 : 0;
  }
  return Status::Ok();
}

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
    catalog.AddScalar("#>", {json, kTextArray}, json, Path<false>);
    catalog.AddScalar("#>>", {json, kTextArray}, kText, Path<true>);
  }
  const DataType jsonb = DataType::Of(TypeId::kJsonb);
  catalog.AddScalar("@>", {jsonb, jsonb}, kBool, Contains<true>);
  catalog.AddScalar("<@", {jsonb, jsonb}, kBool, Contains<false>);
  catalog.AddScalar("?", {jsonb, kText}, kBool, HasKey);
  catalog.AddScalar("?|", {jsonb, kTextArray}, kBool, HasKeys<false>);
  catalog.AddScalar("?&", {jsonb, kTextArray}, kBool, HasKeys<true>);
}

}  // namespace sundial::exec
