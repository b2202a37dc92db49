#include "pgwire/password_file.h"

#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <utility>

namespace sundial::pgwire {
namespace {

bool IsMd5Hash(std::string_view text) {
  if (text.size() != 35 || !text.starts_with("md5")) return false;
  for (char c : text.substr(3)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string Md5Hex(std::string_view data) {
  unsigned char digest[16];
  EVP_Digest(data.data(), data.size(), digest, nullptr, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

std::string Md5PasswordHash(std::string_view password, std::string_view user) {
  return "md5" + Md5Hex(std::string(password) + std::string(user));
}

Result<PasswordFile> PasswordFile::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error(ErrorCode::kIoError, "could not open password file \"" + path + "\"");
  }
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

Result<PasswordFile> PasswordFile::Parse(std::string_view text, std::string_view origin) {
  PasswordFile file;
  file.mock_key_ = RandomBytes(32);
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.starts_with('#')) continue;
    const std::string where = std::string(origin) + " line " + std::to_string(line_number);
    const size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) {
      return Status::Error(ErrorCode::kInvalidParameterValue, where + ": expected user:password");
    }
    const std::string user(line.substr(0, colon));
    const std::string_view password = line.substr(colon + 1);
    StoredPassword stored;
    if (password.starts_with("SCRAM-SHA-256$")) {
      stored.scram = ParseScramSecret(password);
      if (!stored.scram) {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             where + ": malformed SCRAM-SHA-256 secret");
      }
    } else if (IsMd5Hash(password)) {
      stored.md5 = std::string(password);
    } else {
      stored.plain = std::string(password);
      stored.md5 = Md5PasswordHash(password, user);
      stored.scram = MakeScramSecret(password, RandomBytes(kScramSaltBytes));
    }
    if (!file.users_.emplace(user, std::move(stored)).second) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           where + ": user \"" + user + "\" appears twice");
    }
  }
  return file;
}

const StoredPassword* PasswordFile::Find(std::string_view user) const {
  auto it = users_.find(user);
  return it == users_.end() ? nullptr : &it->second;
}

}  // namespace sundial::pgwire
