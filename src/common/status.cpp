#include "common/status.h"

namespace sundial {

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = message();
  if (!detail().empty()) out += " (" + detail() + ")";
  return out;
}

}  // namespace sundial
