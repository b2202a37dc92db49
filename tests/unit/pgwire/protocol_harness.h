#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pgwire/protocol.h"
#include "support/temp_dir.h"
#include "wire_bytes.h"

// Drives the protocol state machine without sockets: bytes in, backend
// messages out.
namespace sundial::pgwire::testing {

// One backend message: its type byte and body (a single-byte encryption
// answer has an empty body).
struct BackendMessage {
  char type = 0;
  std::string body;
};

class ProtocolHarness {
 public:
  explicit ProtocolHarness(ProtocolOptions options = {}) {
    auto database = sql::Database::Open(sql::DatabaseOptions{.data_dir = dir_.Join("data")});
    REQUIRE(database.ok());
    database_ = std::move(database).value();
    protocol_ = std::make_unique<Protocol>(*database_, registry_, options);
  }

  // Feeds bytes, runs until the protocol wants input or closes, and returns
  // everything it sent.
  std::vector<BackendMessage> FeedMessages(const std::string& bytes) {
    reader_.Append(bytes);
    std::vector<BackendMessage> out;
    while (true) {
      if (protocol_->action() == ProtocolAction::kClose) break;
      if (protocol_->action() == ProtocolAction::kStartTls) break;
      if (protocol_->action() == ProtocolAction::kContinue) {
        protocol_->Resume();
        Drain(out);
        continue;
      }
      const size_t before = reader_.buffered();
      protocol_->Consume(reader_);
      Drain(out);
      if (protocol_->action() == ProtocolAction::kRead && reader_.buffered() == before) break;
    }
    return out;
  }

  // Feeds bytes, consumes once and returns the raw output (for a single-byte
  // encryption answer followed by more messages).
  std::string FeedRaw(const std::string& bytes) {
    reader_.Append(bytes);
    protocol_->Consume(reader_);
    std::string out = protocol_->output().buffer();
    protocol_->output().Clear();
    return out;
  }

  // FeedMessages, reduced to the messages' type bytes.
  std::string Feed(const std::string& bytes) {
    std::string types;
    for (const BackendMessage& message : FeedMessages(bytes))
      types.push_back(message.type);
    return types;
  }

  ProtocolAction action() const { return protocol_->action(); }
  Protocol& protocol() { return *protocol_; }
  CancelRegistry& registry() { return registry_; }
  void DestroyProtocol() { protocol_.reset(); }

 private:
  void Drain(std::vector<BackendMessage>& out) {
    const std::string& b = protocol_->output().buffer();
    size_t at = 0;
    while (at < b.size()) {
      if (b.size() - at < 5) {
        out.push_back(BackendMessage{.type = b[at]});
        ++at;
        continue;
      }
      const auto length = static_cast<size_t>(GetInt32(b, at + 1));
      out.push_back(BackendMessage{.type = b[at], .body = b.substr(at + 5, length - 4)});
      at += 1 + length;
    }
    protocol_->output().Clear();
  }

  sundial::testing::TempDir dir_;
  std::unique_ptr<sql::Database> database_;
  CancelRegistry registry_;
  MessageReader reader_;
  std::unique_ptr<Protocol> protocol_;
};

inline std::string ParseBody(const std::string& name, const std::string& sql,
                             const std::vector<int32_t>& parameter_oids = {}) {
  std::string body;
  PutCString(body, name);
  PutCString(body, sql);
  PutInt16(body, static_cast<int16_t>(parameter_oids.size()));
  for (int32_t oid : parameter_oids)
    PutInt32(body, oid);
  return body;
}

inline std::string BindBody(const std::string& portal, const std::string& statement,
                            const std::vector<int16_t>& parameter_formats = {},
                            const std::vector<std::optional<std::string>>& parameters = {},
                            const std::vector<int16_t>& result_formats = {}) {
  std::string body;
  PutCString(body, portal);
  PutCString(body, statement);
  PutInt16(body, static_cast<int16_t>(parameter_formats.size()));
  for (int16_t format : parameter_formats)
    PutInt16(body, format);
  PutInt16(body, static_cast<int16_t>(parameters.size()));
  for (const std::optional<std::string>& value : parameters) {
    if (!value) {
      PutInt32(body, -1);
      continue;
    }
    PutInt32(body, static_cast<int32_t>(value->size()));
    body.append(*value);
  }
  PutInt16(body, static_cast<int16_t>(result_formats.size()));
  for (int16_t format : result_formats)
    PutInt16(body, format);
  return body;
}

inline std::string ExecuteBody(const std::string& portal, int32_t max_rows = 0) {
  std::string body;
  PutCString(body, portal);
  PutInt32(body, max_rows);
  return body;
}

}  // namespace sundial::pgwire::testing
