#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "pgwire/scram.h"

namespace sundial::pgwire {

// What the server knows of one user's password. The file gives one of
// three forms; a plain password also yields a SCRAM secret (salted at load).
struct StoredPassword {
  std::optional<std::string> plain;
  std::optional<std::string> md5;  // "md5" + hex md5(password + user), as PostgreSQL stores it
  std::optional<ScramSecret> scram;
};

// The users allowed to log in when the server asks for passwords. The file
// has one `user:password` per line, where the password is plain text, a
// PostgreSQL md5 hash ("md5" and 32 hex digits) or a SCRAM secret
// ("SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>", as in pg_authid).
// Blank lines and lines starting with '#' are skipped. The user name ends at
// the first ':', the password takes the rest of the line.
class PasswordFile {
 public:
  static Result<PasswordFile> Load(const std::string& path);
  // `origin` names the source in error messages.
  static Result<PasswordFile> Parse(std::string_view text, std::string_view origin);

  // nullptr for an unknown user.
  const StoredPassword* Find(std::string_view user) const;
  // Random per server: salts the mock SCRAM secret of unknown users.
  const std::string& mock_key() const { return mock_key_; }

 private:
  std::map<std::string, StoredPassword, std::less<>> users_;
  std::string mock_key_;
};

// "md5" + hex md5(password + user): the stored md5 form of a password.
std::string Md5PasswordHash(std::string_view password, std::string_view user);
// Lowercase hex md5 of `data`.
std::string Md5Hex(std::string_view data);

}  // namespace sundial::pgwire
