#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "pgwire/message_writer.h"
#include "pgwire/password_file.h"
#include "pgwire/scram.h"

namespace sundial::pgwire {

enum class AuthMethod { kTrust, kPassword, kMd5, kScramSha256 };

// "trust", "password", "md5", "scram-sha-256" (pg_hba.conf's names).
std::optional<AuthMethod> ParseAuthMethod(std::string_view name);

struct AuthConfig {
  AuthMethod method = AuthMethod::kTrust;
  // Required unless the method is kTrust.
  std::shared_ptr<const PasswordFile> passwords;
};

enum class AuthOutcome { kContinue, kAuthenticated, kFailed };

// One client's password exchange, as pg_hba.conf's methods behave:
// "password" asks for the cleartext password (meant for TLS connections);
// "md5" sends a salt and expects md5(md5(password + user) + salt), unless the
// user only has a SCRAM secret, then it runs SCRAM as PostgreSQL does;
// "scram-sha-256" runs SCRAM-SHA-256. An unknown user goes through the same
// exchange and fails at its end, so the answers do not reveal who exists.
class Authenticator {
 public:
  Authenticator(const AuthConfig& config, std::string user);

  // Writes the first authentication request.
  void Begin(MessageWriter& out);
  // Handles one PasswordMessage body. Writes the next request, if any;
  // kAuthenticated leaves AuthenticationOk to the caller. A malformed
  // message is an error (08P01).
  Result<AuthOutcome> Step(std::string_view data, MessageWriter& out);

 private:
  enum class Exchange { kCleartext, kMd5, kScramFirst, kScramFinal, kDone };

  Result<AuthOutcome> CheckCleartext(std::string_view password) const;

  std::string user_;
  const StoredPassword* stored_ = nullptr;  // null: unknown user
  Exchange exchange_ = Exchange::kDone;
  std::string md5_salt_;
  std::optional<ScramExchange> scram_;
};

}  // namespace sundial::pgwire
