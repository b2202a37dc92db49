#include "common/jsonb_containment.h"

#include <algorithm>
#include <string>

#include "common/json_text.h"

namespace sundial {
namespace {

enum class Kind { kObject, kArray, kString, kNumber, kOther };

Kind KindOf(std::string_view json) {
  const std::string_view type = JsonTypeName(json);
  if (type == "object") return Kind::kObject;
  if (type == "array") return Kind::kArray;
  if (type == "string") return Kind::kString;
  if (type == "number") return Kind::kNumber;
  return Kind::kOther;
}

// A number's text without the trailing fractional zeros numeric keeps
// (1.50 and 1.5 are equal jsonb), and -0 as 0.
std::string_view NumberValue(std::string_view number) {
  if (number.find('.') != std::string_view::npos) {
    while (number.back() == '0')
      number.remove_suffix(1);
    if (number.back() == '.') number.remove_suffix(1);
  }
  if (number == "-0") return "0";
  return number;
}

std::string_view Trimmed(std::string_view json) {
  while (!json.empty() && (json.front() == ' ' || json.front() == '\n' || json.front() == '\t' ||
                           json.front() == '\r')) {
    json.remove_prefix(1);
  }
  while (!json.empty() && (json.back() == ' ' || json.back() == '\n' || json.back() == '\t' ||
                           json.back() == '\r')) {
    json.remove_suffix(1);
  }
  return json;
}

bool Contains(std::string_view container, std::string_view contained, bool top_level) {
  const Kind outer = KindOf(container);
  const Kind inner = KindOf(contained);
  if (outer == Kind::kArray && inner != Kind::kArray && inner != Kind::kObject && top_level) {
    const std::vector<std::string_view> elements = JsonArrayElements(container);
    return std::any_of(elements.begin(), elements.end(), [&](std::string_view element) {
      return Contains(element, contained, false);
    });
  }
  if (outer != inner) return false;
  switch (outer) {
    case Kind::kObject: {
      const auto members = JsonObjectMembers(container);
      for (const auto& wanted : JsonObjectMembers(contained)) {
        auto it = std::find_if(members.begin(), members.end(),
                               [&](const auto& member) { return member.first == wanted.first; });
        if (it == members.end() || !Contains(it->second, wanted.second, false)) return false;
      }
      return true;
    }
    case Kind::kArray: {
      const std::vector<std::string_view> elements = JsonArrayElements(container);
      for (std::string_view wanted : JsonArrayElements(contained)) {
        const bool found =
            std::any_of(elements.begin(), elements.end(), [&](std::string_view element) {
              return KindOf(element) == KindOf(wanted) && Contains(element, wanted, false);
            });
        if (!found) return false;
      }
      return true;
    }
    case Kind::kNumber:
      return NumberValue(Trimmed(container)) == NumberValue(Trimmed(contained));
    case Kind::kString:
    case Kind::kOther:
      return Trimmed(container) == Trimmed(contained);
  }
  return false;
}

}  // namespace

bool JsonbContains(std::string_view container, std::string_view contained) {
  return Contains(container, contained, true);
}

bool JsonbHasKey(std::string_view json, std::string_view key) {
  switch (KindOf(json)) {
    case Kind::kObject:
      return JsonMemberText(json, key).has_value();
    case Kind::kArray:
      for (std::string_view element : JsonArrayElements(json)) {
        if (KindOf(element) == Kind::kString && JsonValueAsText(element) == key) return true;
      }
      return false;
    case Kind::kString:
      return JsonValueAsText(json) == key;
    case Kind::kNumber:
    case Kind::kOther:
      return false;
  }
  return false;
}

}  // namespace sundial
