#include "pgwire/type_codec.h"

#include "common/value_binary.h"
#include "common/value_text.h"

namespace sundial::pgwire {

Result<Value> DecodeParameter(const std::optional<std::string>& bytes, int16_t format,
                              DataType type, const TimeZone& zone) {
  if (!bytes) return Value::Null(type);
  if (format == kBinaryFormat) return ReadBinaryValue(*bytes, type);
  // varchar(n) parameters are checked like an assignment, by the statement.
  if (type.id == TypeId::kText || type.id == TypeId::kVarchar) return Value::Text(*bytes, type);
  return ParseTextValue(*bytes, type, zone);
}

}  // namespace sundial::pgwire
