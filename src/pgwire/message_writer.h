#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sundial::pgwire {

// One column of a RowDescription.
struct FieldDescription {
  std::string name;
  uint32_t table_oid = 0;
  int16_t column_number = 0;
  uint32_t type_oid = 0;
  int16_t type_length = -1;
  int32_t type_modifier = -1;
  int16_t format = 0;  // 0 text, 1 binary
};

// The fields of an ErrorResponse or NoticeResponse, already mapped to the
// protocol's vocabulary (see error_response.h for the mapping from Status).
struct ErrorFields {
  std::string severity;  // "ERROR", "FATAL", "NOTICE", "WARNING"
  std::string sqlstate;  // 5 characters
  std::string message;
  std::string detail;
  std::string hint;
  int position = 0;  // 1-based character offset into the query; 0 = none
};

// Builds backend messages into one contiguous output buffer. Each builder
// appends a whole message (type byte, int32 length, body); the transport
// writes `buffer()` and then calls Clear(). Not thread-safe.
class MessageWriter {
 public:
  const std::string& buffer() const { return buffer_; }
  size_t size() const { return buffer_.size(); }
  bool empty() const { return buffer_.empty(); }
  void Clear() { buffer_.clear(); }

  // The single-byte answer to SSLRequest / GSSENCRequest ('N' or 'S').
  void EncryptionResponse(char answer);
  void AuthenticationOk();
  void ParameterStatus(std::string_view name, std::string_view value);
  void BackendKeyData(int32_t process_id, int32_t secret_key);
  void NegotiateProtocolVersion(int32_t newest_minor,
                                const std::vector<std::string>& unrecognized_options);
  void ReadyForQuery(char transaction_status);

  void RowDescription(const std::vector<FieldDescription>& fields);
  // DataRow built in place: BeginDataRow, then per column either NullValue or
  // BeginValue + append the text to value_buffer() + EndValue, then EndDataRow.
  void BeginDataRow(int16_t column_count);
  void NullValue();
  void BeginValue();
  std::string& value_buffer() { return buffer_; }
  void EndValue();
  void EndDataRow();

  void CommandComplete(std::string_view tag);
  void EmptyQueryResponse();
  void ErrorResponse(const ErrorFields& fields);
  void NoticeResponse(const ErrorFields& fields);

  void ParseComplete();
  void BindComplete();
  void CloseComplete();
  void NoData();
  void PortalSuspended();
  void ParameterDescription(const std::vector<uint32_t>& type_oids);

  void CopyInResponse(bool binary, const std::vector<int16_t>& column_formats);
  void CopyOutResponse(bool binary, const std::vector<int16_t>& column_formats);
  void CopyData(std::string_view payload);
  void CopyDone();

 private:
  void Begin(char type);
  void End();
  void Empty(char type);
  void Int16(int16_t v);
  void Int32(int32_t v);
  void CString(std::string_view s);
  void PatchInt32(size_t at, int32_t v);
  void ErrorOrNotice(char type, const ErrorFields& fields);
  void CopyResponse(char type, bool binary, const std::vector<int16_t>& column_formats);

  std::string buffer_;
  size_t message_start_ = 0;  // offset of the open message's length field
  size_t value_start_ = 0;    // offset of the open DataRow value's length field
};

}  // namespace sundial::pgwire
