#include "sql/object_names.h"

namespace sundial::sql {
namespace {

constexpr size_t kMaxNameBytes = 63;

void DropLastCharacter(std::string& part) {
  while (!part.empty() && (static_cast<unsigned char>(part.back()) & 0xC0) == 0x80)
    part.pop_back();
  if (!part.empty()) part.pop_back();
}

// makeObjectName.
std::string MakeObjectName(std::string first, std::string second, const std::string& label) {
  const size_t separators = second.empty() ? 1 : 2;
  while (first.size() + second.size() + label.size() + separators > kMaxNameBytes) {
    DropLastCharacter(!second.empty() && second.size() >= first.size() ? second : first);
  }
  return second.empty() ? first + "_" + label : first + "_" + second + "_" + label;
}

}  // namespace

std::string ChooseRelationName(const std::string& first, const std::string& second,
                               const std::string& label,
                               const std::function<bool(const std::string&)>& taken) {
  std::string name = MakeObjectName(first, second, label);
  for (int pass = 1; taken(name); ++pass)
    name = MakeObjectName(first, second, label + std::to_string(pass));
  return name;
}

}  // namespace sundial::sql
