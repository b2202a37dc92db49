#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Builders and readers of raw protocol bytes for pgwire tests.
namespace sundial::pgwire::testing {

inline void PutInt32(std::string& out, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  out.push_back(static_cast<char>(u >> 24));
  out.push_back(static_cast<char>((u >> 16) & 0xff));
  out.push_back(static_cast<char>((u >> 8) & 0xff));
  out.push_back(static_cast<char>(u & 0xff));
}

inline void PutInt16(std::string& out, int16_t v) {
  auto u = static_cast<uint16_t>(v);
  out.push_back(static_cast<char>(u >> 8));
  out.push_back(static_cast<char>(u & 0xff));
}

inline void PutCString(std::string& out, std::string_view s) {
  out.append(s);
  out.push_back('\0');
}

// A typed frontend message: type byte, length, body.
inline std::string Message(char type, std::string_view body) {
  std::string out(1, type);
  PutInt32(out, static_cast<int32_t>(body.size() + 4));
  out.append(body);
  return out;
}

inline std::string Query(std::string_view sql) {
  std::string body;
  PutCString(body, sql);
  return Message('Q', body);
}

inline std::string Startup(
    std::initializer_list<std::pair<std::string_view, std::string_view>> params,
    int32_t version = 196608) {
  std::string body;
  PutInt32(body, version);
  for (const auto& [name, value] : params) {
    PutCString(body, name);
    PutCString(body, value);
  }
  body.push_back('\0');
  std::string out;
  PutInt32(out, static_cast<int32_t>(body.size() + 4));
  return out + body;
}

inline std::string CodePacket(int32_t code, std::initializer_list<int32_t> extra = {}) {
  std::string out;
  PutInt32(out, static_cast<int32_t>(8 + 4 * extra.size()));
  PutInt32(out, code);
  for (int32_t v : extra)
    PutInt32(out, v);
  return out;
}

inline int32_t GetInt32(std::string_view bytes, size_t at) {
  return static_cast<int32_t>((uint32_t{static_cast<uint8_t>(bytes[at])} << 24) |
                              (uint32_t{static_cast<uint8_t>(bytes[at + 1])} << 16) |
                              (uint32_t{static_cast<uint8_t>(bytes[at + 2])} << 8) |
                              uint32_t{static_cast<uint8_t>(bytes[at + 3])});
}

inline int16_t GetInt16(std::string_view bytes, size_t at) {
  return static_cast<int16_t>((uint16_t{static_cast<uint8_t>(bytes[at])} << 8) |
                              uint16_t{static_cast<uint8_t>(bytes[at + 1])});
}

}  // namespace sundial::pgwire::testing
