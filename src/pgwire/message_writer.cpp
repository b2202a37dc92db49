#include "pgwire/message_writer.h"

namespace sundial::pgwire {

void MessageWriter::Begin(char type) {
  buffer_.push_back(type);
  message_start_ = buffer_.size();
  buffer_.append(4, '\0');
}

void MessageWriter::End() {
  PatchInt32(message_start_, static_cast<int32_t>(buffer_.size() - message_start_));
}

void MessageWriter::Empty(char type) {
  Begin(type);
  End();
}

void MessageWriter::Int16(int16_t v) {
  auto u = static_cast<uint16_t>(v);
  buffer_.push_back(static_cast<char>(u >> 8));
  buffer_.push_back(static_cast<char>(u & 0xff));
}

void MessageWriter::Int32(int32_t v) {
  auto u = static_cast<uint32_t>(v);
  char bytes[4] = {static_cast<char>(u >> 24), static_cast<char>((u >> 16) & 0xff),
                   static_cast<char>((u >> 8) & 0xff), static_cast<char>(u & 0xff)};
  buffer_.append(bytes, 4);
}

void MessageWriter::PatchInt32(size_t at, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  buffer_[at] = static_cast<char>(u >> 24);
  buffer_[at + 1] = static_cast<char>((u >> 16) & 0xff);
  buffer_[at + 2] = static_cast<char>((u >> 8) & 0xff);
  buffer_[at + 3] = static_cast<char>(u & 0xff);
}

// Protocol strings are NUL-terminated, so an embedded NUL would cut the
// message short on the client's side; it is dropped instead.
void MessageWriter::CString(std::string_view s) {
  for (char c : s) {
    if (c != '\0') buffer_.push_back(c);
  }
  buffer_.push_back('\0');
}

void MessageWriter::EncryptionResponse(char answer) {
  buffer_.push_back(answer);
}

void MessageWriter::AuthenticationOk() {
  Begin('R');
  Int32(0);
  End();
}

void MessageWriter::ParameterStatus(std::string_view name, std::string_view value) {
  Begin('S');
  CString(name);
  CString(value);
  End();
}

void MessageWriter::BackendKeyData(int32_t process_id, int32_t secret_key) {
  Begin('K');
  Int32(process_id);
  Int32(secret_key);
  End();
}

void MessageWriter::NegotiateProtocolVersion(int32_t newest_minor,
                                             const std::vector<std::string>& unrecognized_options) {
  Begin('v');
  Int32((3 << 16) | newest_minor);
  Int32(static_cast<int32_t>(unrecognized_options.size()));
  for (const std::string& option : unrecognized_options)
    CString(option);
  End();
}

void MessageWriter::ReadyForQuery(char transaction_status) {
  Begin('Z');
  buffer_.push_back(transaction_status);
  End();
}

void MessageWriter::RowDescription(const std::vector<FieldDescription>& fields) {
  Begin('T');
  Int16(static_cast<int16_t>(fields.size()));
  for (const FieldDescription& field : fields) {
    CString(field.name);
    Int32(static_cast<int32_t>(field.table_oid));
    Int16(field.column_number);
    Int32(static_cast<int32_t>(field.type_oid));
    Int16(field.type_length);
    Int32(field.type_modifier);
    Int16(field.format);
  }
  End();
}

void MessageWriter::BeginDataRow(int16_t column_count) {
  Begin('D');
  Int16(column_count);
}

void MessageWriter::NullValue() {
  Int32(-1);
}

void MessageWriter::BeginValue() {
  value_start_ = buffer_.size();
  buffer_.append(4, '\0');
}

void MessageWriter::EndValue() {
  PatchInt32(value_start_, static_cast<int32_t>(buffer_.size() - value_start_ - 4));
}

void MessageWriter::EndDataRow() {
  End();
}

void MessageWriter::CommandComplete(std::string_view tag) {
  Begin('C');
  CString(tag);
  End();
}

void MessageWriter::EmptyQueryResponse() {
  Empty('I');
}

void MessageWriter::ErrorOrNotice(char type, const ErrorFields& fields) {
  Begin(type);
  auto field = [&](char code, std::string_view value) {
    buffer_.push_back(code);
    CString(value);
  };
  field('S', fields.severity);
  field('V', fields.severity);
  field('C', fields.sqlstate);
  field('M', fields.message);
  if (!fields.detail.empty()) field('D', fields.detail);
  if (!fields.hint.empty()) field('H', fields.hint);
  if (fields.position > 0) field('P', std::to_string(fields.position));
  buffer_.push_back('\0');
  End();
}

void MessageWriter::ErrorResponse(const ErrorFields& fields) {
  ErrorOrNotice('E', fields);
}
void MessageWriter::NoticeResponse(const ErrorFields& fields) {
  ErrorOrNotice('N', fields);
}

void MessageWriter::ParseComplete() {
  Empty('1');
}
void MessageWriter::BindComplete() {
  Empty('2');
}
void MessageWriter::CloseComplete() {
  Empty('3');
}
void MessageWriter::NoData() {
  Empty('n');
}
void MessageWriter::PortalSuspended() {
  Empty('s');
}

void MessageWriter::ParameterDescription(const std::vector<uint32_t>& type_oids) {
  Begin('t');
  Int16(static_cast<int16_t>(type_oids.size()));
  for (uint32_t oid : type_oids)
    Int32(static_cast<int32_t>(oid));
  End();
}

void MessageWriter::CopyInResponse(bool binary, const std::vector<int16_t>& column_formats) {
  CopyResponse('G', binary, column_formats);
}

void MessageWriter::CopyOutResponse(bool binary, const std::vector<int16_t>& column_formats) {
  CopyResponse('H', binary, column_formats);
}

void MessageWriter::CopyResponse(char type, bool binary,
                                 const std::vector<int16_t>& column_formats) {
  Begin(type);
  buffer_.push_back(binary ? 1 : 0);
  Int16(static_cast<int16_t>(column_formats.size()));
  for (int16_t format : column_formats)
    Int16(format);
  End();
}

void MessageWriter::CopyData(std::string_view payload) {
  Begin('d');
  buffer_.append(payload);
  End();
}

void MessageWriter::CopyDone() {
  Empty('c');
}

}  // namespace sundial::pgwire
