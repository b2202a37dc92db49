#include "sql/column_defaults.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sundial::sql {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

Status IoError(const std::string& what, const std::string& path) {
  return Status::Error(ErrorCode::kIoError, what + " \"" + path + "\": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<ColumnDefaults>> ColumnDefaults::Open(std::string path) {
  auto defaults = std::make_unique<ColumnDefaults>(path);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) {
    return Status::Error(ErrorCode::kIoError,
                         "could not create directory for \"" + path + "\": " + ec.message());
  }
  std::ifstream in(path);
  if (!in) return defaults;  // no defaults recorded yet
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    size_t tab1 = line.find('\t');
    size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) {
      return Status::Error(ErrorCode::kCorruption, "malformed line " + std::to_string(line_number) +
                                                       " in \"" + path + "\"");
    }
    uint32_t table_id = static_cast<uint32_t>(std::stoul(line.substr(0, tab1)));
    int column = std::stoi(line.substr(tab1 + 1, tab2 - tab1 - 1));
    defaults->defaults_[table_id][column] = Unescape(std::string_view(line).substr(tab2 + 1));
  }
  return defaults;
}

std::optional<std::string> ColumnDefaults::Find(uint32_t table_id, int column) const {
  std::lock_guard lock(mutex_);
  auto table = defaults_.find(table_id);
  if (table == defaults_.end()) return std::nullopt;
  auto it = table->second.find(column);
  if (it == table->second.end()) return std::nullopt;
  return it->second;
}

Status ColumnDefaults::SetTable(uint32_t table_id, std::map<int, std::string> defaults) {
  std::lock_guard lock(mutex_);
  if (defaults.empty() && defaults_.find(table_id) == defaults_.end()) return Status::Ok();
  if (defaults.empty()) {
    defaults_.erase(table_id);
  } else {
    defaults_[table_id] = std::move(defaults);
  }
  return Persist();
}

Status ColumnDefaults::DropTable(uint32_t table_id) {
  std::lock_guard lock(mutex_);
  if (defaults_.erase(table_id) == 0) return Status::Ok();
  return Persist();
}

Status ColumnDefaults::SetColumn(uint32_t table_id, int column, std::optional<std::string> sql) {
  std::lock_guard lock(mutex_);
  auto table = defaults_.find(table_id);
  bool present = table != defaults_.end() && table->second.contains(column);
  if (!sql && !present) return Status::Ok();
  if (sql) {
    defaults_[table_id][column] = std::move(*sql);
  } else {
    table->second.erase(column);
    if (table->second.empty()) defaults_.erase(table);
  }
  return Persist();
}

Status ColumnDefaults::Persist() const {
  std::ostringstream text;
  for (const auto& [table_id, columns] : defaults_) {
    for (const auto& [column, sql] : columns) {
      text << table_id << '\t' << column << '\t' << Escape(sql) << '\n';
    }
  }
  std::string data = text.str();
  std::string temp = path_ + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("could not create", temp);
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error = IoError("could not write", temp);
      ::close(fd);
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status error = IoError("could not fsync", temp);
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return IoError("could not close", temp);
  if (::rename(temp.c_str(), path_.c_str()) != 0) return IoError("could not rename", temp);
  std::string dir = std::filesystem::path(path_).parent_path().string();
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return IoError("could not open directory", dir);
  int rc = ::fsync(dir_fd);
  ::close(dir_fd);
  if (rc != 0) return IoError("could not fsync directory", dir);
  return Status::Ok();
}

}  // namespace sundial::sql
