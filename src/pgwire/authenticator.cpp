#include "pgwire/authenticator.h"

#include <openssl/crypto.h>

#include <cstdint>
#include <utility>

namespace sundial::pgwire {
namespace {

constexpr int32_t kAuthCleartextPassword = 3;
constexpr int32_t kAuthMd5Password = 5;
constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;

Status Malformed(std::string message) {
  return Status::Error(ErrorCode::kProtocolViolation, std::move(message));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A password packet's body: the password and its terminating zero byte.
Result<std::string_view> NulTerminated(std::string_view data) {
  if (data.empty() || data.back() != '\0' || data.find('\0') != data.size() - 1) {
    return Malformed("invalid password packet size");
  }
  return data.substr(0, data.size() - 1);
}

}  // namespace

std::optional<AuthMethod> ParseAuthMethod(std::string_view name) {
  if (name == "trust") return AuthMethod::kTrust;
  if (name == "password") return AuthMethod::kPassword;
  if (name == "md5") return AuthMethod::kMd5;
  if (name == "scram-sha-256") return AuthMethod::kScramSha256;
  return std::nullopt;
}

Authenticator::Authenticator(const AuthConfig& config, std::string user) : user_(std::move(user)) {
  if (config.passwords) stored_ = config.passwords->Find(user_);
  switch (config.method) {
    case AuthMethod::kTrust:
      exchange_ = Exchange::kDone;
      break;
    case AuthMethod::kPassword:
      exchange_ = Exchange::kCleartext;
      break;
    case AuthMethod::kMd5:
      // A SCRAM secret cannot answer an md5 challenge; PostgreSQL then
      // upgrades the exchange to SCRAM.
      exchange_ = stored_ != nullptr && !stored_->md5 ? Exchange::kScramFirst : Exchange::kMd5;
      break;
    case AuthMethod::kScramSha256:
      exchange_ = Exchange::kScramFirst;
      break;
  }
  if (exchange_ == Exchange::kScramFirst) {
    if (stored_ != nullptr && stored_->scram) {
      scram_.emplace(*stored_->scram);
    } else {
      const std::string key = config.passwords ? config.passwords->mock_key() : std::string();
      scram_.emplace(MockScramSecret(user_, key));
    }
  }
}

void Authenticator::Begin(MessageWriter& out) {
  switch (exchange_) {
    case Exchange::kCleartext:
      out.AuthenticationRequest(kAuthCleartextPassword, {});
      return;
    case Exchange::kMd5:
      md5_salt_ = RandomBytes(4);
      out.AuthenticationRequest(kAuthMd5Password, md5_salt_);
      return;
    case Exchange::kScramFirst: {
      std::string mechanisms(kScramMechanism);
      mechanisms.append(2, '\0');  // the name's terminator, then the list's
      out.AuthenticationRequest(kAuthSasl, mechanisms);
      return;
    }
    case Exchange::kScramFinal:
    case Exchange::kDone:
      return;
  }
}

Result<AuthOutcome> Authenticator::CheckCleartext(std::string_view password) const {
  if (stored_ == nullptr) return AuthOutcome::kFailed;
  bool matches = false;
  if (stored_->plain) {
    matches = ConstantTimeEquals(password, *stored_->plain);
  } else if (stored_->md5) {
    matches = ConstantTimeEquals(Md5PasswordHash(password, user_), *stored_->md5);
  } else if (stored_->scram) {
    const ScramSecret derived =
        MakeScramSecret(password, stored_->scram->salt, stored_->scram->iterations);
    matches = CRYPTO_memcmp(derived.stored_key.data(), stored_->scram->stored_key.data(),
                            derived.stored_key.size()) == 0;
  }
  return matches ? AuthOutcome::kAuthenticated : AuthOutcome::kFailed;
}

Result<AuthOutcome> Authenticator::Step(std::string_view data, MessageWriter& out) {
  switch (exchange_) {
    case Exchange::kCleartext: {
      exchange_ = Exchange::kDone;
      Result<std::string_view> password = NulTerminated(data);
      if (!password.ok()) return password.status();
      if (password->empty()) return AuthOutcome::kFailed;
      return CheckCleartext(*password);
    }
    case Exchange::kMd5: {
      exchange_ = Exchange::kDone;
      Result<std::string_view> response = NulTerminated(data);
      if (!response.ok()) return response.status();
      if (stored_ == nullptr || !stored_->md5) return AuthOutcome::kFailed;
      // The stored hash is md5(password + user); the client salts it again.
      const std::string expected = "md5" + Md5Hex(stored_->md5->substr(3) + md5_salt_);
      return ConstantTimeEquals(*response, expected) ? AuthOutcome::kAuthenticated
                                                     : AuthOutcome::kFailed;
    }
    case Exchange::kScramFirst: {
      // SASLInitialResponse: mechanism name, int32 length (-1: none), data.
      const size_t nul = data.find('\0');
      if (nul == std::string_view::npos || data.size() < nul + 5) {
        return Malformed("malformed SASLInitialResponse message");
      }
      if (data.substr(0, nul) != kScramMechanism) {
        return Malformed("client selected an invalid SASL authentication mechanism");
      }
      std::string_view rest = data.substr(nul + 1);
      uint32_t length = 0;
      for (int i = 0; i < 4; ++i)
        length = (length << 8) | static_cast<uint8_t>(rest[i]);
      rest.remove_prefix(4);
      if (static_cast<int32_t>(length) == -1 || length != rest.size()) {
        return Malformed("malformed SASLInitialResponse message");
      }
      Result<std::string> server_first = scram_->ClientFirst(rest);
      if (!server_first.ok()) return server_first.status();
      out.AuthenticationRequest(kAuthSaslContinue, *server_first);
      exchange_ = Exchange::kScramFinal;
      return AuthOutcome::kContinue;
    }
    case Exchange::kScramFinal: {
      exchange_ = Exchange::kDone;
      Result<std::string> server_final = scram_->ClientFinal(data);
      if (!server_final.ok()) {
        if (scram_->proof_failed()) return AuthOutcome::kFailed;
        return server_final.status();
      }
      // A mock secret never verifies; a real user's proof did.
      if (stored_ == nullptr) return AuthOutcome::kFailed;
      out.AuthenticationRequest(kAuthSaslFinal, *server_final);
      return AuthOutcome::kAuthenticated;
    }
    case Exchange::kDone:
      break;
  }
  return Malformed("unexpected password message: no authentication in progress");
}

}  // namespace sundial::pgwire
