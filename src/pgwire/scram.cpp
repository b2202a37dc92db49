#include "pgwire/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sundial::pgwire {
namespace {

constexpr std::string_view kSecretPrefix = "SCRAM-SHA-256$";

Sha256Digest Hmac(const Sha256Digest& key, std::string_view data) {
  Sha256Digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  return out;
}

Sha256Digest Sha256(const Sha256Digest& data) {
  Sha256Digest out{};
  EVP_Digest(data.data(), data.size(), out.data(), nullptr, EVP_sha256(), nullptr);
  return out;
}

std::string_view AsText(const Sha256Digest& digest) {
  return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

Status Malformed(std::string detail) {
  Status status = Status::Error(ErrorCode::kProtocolViolation, "malformed SCRAM message");
  return status.WithDetail(std::move(detail));
}

// Splits "a=...,b=..." at commas; the attribute letters are checked by the
// caller, in order, as RFC 5802 fixes it.
std::vector<std::string_view> SplitAttributes(std::string_view message) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t comma = message.find(',', start);
    parts.push_back(message.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return parts;
}

// The value of `attribute`, which must be "<letter>=<value>".
std::optional<std::string_view> AttributeValue(std::string_view attribute, char letter) {
  if (attribute.size() < 2 || attribute[0] != letter || attribute[1] != '=') return std::nullopt;
  return attribute.substr(2);
}

// Printable ASCII except ',' (RFC 5802 "printable").
bool IsPrintableNonce(std::string_view nonce) {
  if (nonce.empty()) return false;
  for (char c : nonce) {
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  }
  return true;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes.
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  if (Base64Encode(out) != text) return std::nullopt;
  return out;
}

std::string RandomBytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    // Without randomness no nonce or salt is safe; this cannot be answered.
    throw std::runtime_error("the OpenSSL random generator failed");
  }
  return out;
}

ScramSecret MakeScramSecret(std::string_view password, std::string_view salt, int iterations) {
  Sha256Digest salted{};
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(),
                    static_cast<int>(salted.size()), salted.data());
  ScramSecret secret{.salt = std::string(salt), .iterations = iterations};
  secret.stored_key = Sha256(Hmac(salted, "Client Key"));
  secret.server_key = Hmac(salted, "Server Key");
  OPENSSL_cleanse(salted.data(), salted.size());
  return secret;
}

ScramSecret MockScramSecret(std::string_view user, std::string_view key) {
  Sha256Digest hmac_key{};
  std::copy_n(key.begin(), std::min(key.size(), hmac_key.size()), hmac_key.begin());
  const Sha256Digest salt = Hmac(hmac_key, user);
  ScramSecret secret{.salt = std::string(AsText(salt).substr(0, kScramSaltBytes))};
  // Random keys: no proof can match them.
  const std::string random = RandomBytes(2 * sizeof(Sha256Digest));
  std::copy_n(random.begin(), secret.stored_key.size(), secret.stored_key.begin());
  std::copy_n(random.begin() + secret.stored_key.size(), secret.server_key.size(),
              secret.server_key.begin());
  return secret;
}

std::string FormatScramSecret(const ScramSecret& secret) {
  return std::string(kSecretPrefix) + std::to_string(secret.iterations) + ":" +
         Base64Encode(secret.salt) + "$" + Base64Encode(AsText(secret.stored_key)) + ":" +
         Base64Encode(AsText(secret.server_key));
}

std::optional<ScramSecret> ParseScramSecret(std::string_view text) {
  if (!text.starts_with(kSecretPrefix)) return std::nullopt;
  text.remove_prefix(kSecretPrefix.size());
  const size_t colon = text.find(':');
  const size_t dollar = text.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || dollar < colon) {
    return std::nullopt;
  }
  const size_t key_colon = text.find(':', dollar);
  if (key_colon == std::string_view::npos) return std::nullopt;
  ScramSecret secret;
  const std::string_view iterations = text.substr(0, colon);
  auto [end, ec] =
      std::from_chars(iterations.data(), iterations.data() + iterations.size(), secret.iterations);
  if (ec != std::errc() || end != iterations.data() + iterations.size() || secret.iterations < 1) {
    return std::nullopt;
  }
  auto salt = Base64Decode(text.substr(colon + 1, dollar - colon - 1));
  auto stored = Base64Decode(text.substr(dollar + 1, key_colon - dollar - 1));
  auto server = Base64Decode(text.substr(key_colon + 1));
  if (!salt || salt->empty() || !stored || stored->size() != secret.stored_key.size() || !server ||
      server->size() != secret.server_key.size()) {
    return std::nullopt;
  }
  secret.salt = std::move(*salt);
  std::copy(stored->begin(), stored->end(), secret.stored_key.begin());
  std::copy(server->begin(), server->end(), secret.server_key.begin());
  return secret;
}

ScramExchange::ScramExchange(ScramSecret secret, std::string server_nonce)
    : secret_(std::move(secret)),
      server_nonce_(server_nonce.empty() ? Base64Encode(RandomBytes(kScramNonceBytes))
                                         : std::move(server_nonce)) {}

Result<std::string> ScramExchange::ClientFirst(std::string_view message) {
  // gs2-header: cbind-flag "," [authzid] ","
  if (message.starts_with("p=")) {
    return Status::Error(ErrorCode::kProtocolViolation,
                         "channel binding is not supported: use SCRAM-SHA-256 without -PLUS");
  }
  if (!message.starts_with("n,") && !message.starts_with("y,")) {
    return Malformed("unexpected channel-binding flag");
  }
  const size_t header_end = message.find(',', 2);
  if (header_end == std::string_view::npos) return Malformed("incomplete GS2 header");
  const std::string_view authzid = message.substr(2, header_end - 2);
  if (authzid.starts_with("a=")) {
    // Logging in as someone else is not something a password file can grant.
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "client uses authorization identity, but it is not supported");
  }
  if (!authzid.empty()) return Malformed("unexpected attribute in the GS2 header");
  gs2_header_ = std::string(message.substr(0, header_end + 1));
  client_first_bare_ = std::string(message.substr(header_end + 1));

  const std::vector<std::string_view> parts = SplitAttributes(client_first_bare_);
  if (parts[0].starts_with("m=")) return Malformed("mandatory extensions are not supported");
  if (parts.size() < 2 || !AttributeValue(parts[0], 'n')) {
    return Malformed("expected the user name attribute");
  }
  const std::optional<std::string_view> client_nonce = AttributeValue(parts[1], 'r');
  if (!client_nonce || !IsPrintableNonce(*client_nonce)) {
    return Malformed("expected a printable client nonce");
  }
  nonce_ = std::string(*client_nonce) + server_nonce_;
  server_first_ = "r=" + nonce_ + ",s=" + Base64Encode(secret_.salt) +
                  ",i=" + std::to_string(secret_.iterations);
  return server_first_;
}

Result<std::string> ScramExchange::ClientFinal(std::string_view message) {
  // client-final-message-without-proof ",p=" proof
  const size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos) return Malformed("expected a client proof");
  const std::string_view without_proof = message.substr(0, proof_at);
  const std::vector<std::string_view> parts = SplitAttributes(without_proof);
  if (parts.size() < 2) return Malformed("expected channel binding and nonce attributes");
  const std::optional<std::string_view> binding = AttributeValue(parts[0], 'c');
  if (!binding || Base64Decode(*binding) != gs2_header_) {
    return Malformed("unexpected channel binding data");
  }
  const std::optional<std::string_view> nonce = AttributeValue(parts[1], 'r');
  if (!nonce || *nonce != nonce_) return Malformed("nonce does not match");
  const std::optional<std::string> proof = Base64Decode(message.substr(proof_at + 3));
  if (!proof || proof->size() != secret_.stored_key.size()) {
    return Malformed("invalid client proof");
  }

  const std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  const Sha256Digest client_signature = Hmac(secret_.stored_key, auth_message);
  Sha256Digest client_key{};
  for (size_t i = 0; i < client_key.size(); ++i) {
    client_key[i] = static_cast<uint8_t>(static_cast<uint8_t>((*proof)[i]) ^ client_signature[i]);
  }
  const Sha256Digest derived = Sha256(client_key);
  if (CRYPTO_memcmp(derived.data(), secret_.stored_key.data(), derived.size()) != 0) {
    proof_failed_ = true;
    return Status::Error(ErrorCode::kProtocolViolation, "SCRAM proof does not match");
  }
  return "v=" + Base64Encode(AsText(Hmac(secret_.server_key, auth_message)));
}

}  // namespace sundial::pgwire
