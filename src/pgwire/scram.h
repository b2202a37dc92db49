#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sundial::pgwire {

// SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it: no channel
// binding (only "n" or "y" in the GS2 header), the user name of the client's
// first message ignored in favour of the StartupMessage's, the password used
// as given (no SASLprep; the same as PostgreSQL for ASCII passwords).

inline constexpr std::string_view kScramMechanism = "SCRAM-SHA-256";
inline constexpr int kScramIterations = 4096;
inline constexpr size_t kScramSaltBytes = 16;
inline constexpr size_t kScramNonceBytes = 18;

using Sha256Digest = std::array<uint8_t, 32>;

// What the server keeps of a password: enough to check a proof and to prove
// itself, not enough to log in as the user.
struct ScramSecret {
  std::string salt;  // raw bytes
  int iterations = kScramIterations;
  Sha256Digest stored_key{};
  Sha256Digest server_key{};
};

ScramSecret MakeScramSecret(std::string_view password, std::string_view salt,
                            int iterations = kScramIterations);
// The secret presented for a user who does not exist: its salt is the same
// for every attempt (derived from `user` and the server's `key`), so the
// exchange does not tell whether the user exists; no proof matches it.
ScramSecret MockScramSecret(std::string_view user, std::string_view key);
// PostgreSQL's text form, as in pg_authid.rolpassword:
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (base64 parts).
std::string FormatScramSecret(const ScramSecret& secret);
std::optional<ScramSecret> ParseScramSecret(std::string_view text);

std::string Base64Encode(std::string_view bytes);
// nullopt for text that is not canonical padded base64.
std::optional<std::string> Base64Decode(std::string_view text);
// `count` bytes from the OpenSSL CSPRNG.
std::string RandomBytes(size_t count);

// The server side of one exchange. Errors: 08P01 for malformed messages,
// 0A000 for an authorization identity; a proof that does not match is an
// error with proof_failed() set (the caller answers 28P01).
class ScramExchange {
 public:
  // `server_nonce` is the printable server part of the nonce; empty: random.
  explicit ScramExchange(ScramSecret secret, std::string server_nonce = "");

  // client-first-message -> server-first-message.
  Result<std::string> ClientFirst(std::string_view message);
  // client-final-message -> server-final-message. A wrong proof is an error
  // with proof_failed() set.
  Result<std::string> ClientFinal(std::string_view message);
  bool proof_failed() const { return proof_failed_; }

 private:
  ScramSecret secret_;
  std::string server_nonce_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client nonce + server nonce
  bool proof_failed_ = false;
};

}  // namespace sundial::pgwire
