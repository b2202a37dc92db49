#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/value_text.h"
#include "sql/database.h"
#include "sql/session.h"
#include "support/temp_dir.h"

namespace sundial::sql::testing {

using Rows = std::vector<std::vector<std::string>>;

// A database on a temp dir with one session; runs SQL text and returns rows
// as text (NULL printed as "NULL") so tests read like psql sessions.
class TestDb {
 public:
  TestDb() { Open(); }
  // A database whose memtables (and so COPY's bulk loads) flush at this size.
  explicit TestDb(size_t memtable_flush_bytes) : memtable_flush_bytes_(memtable_flush_bytes) {
    Open();
  }

  void Open() {
    session_.reset();
    database_.reset();
    auto db = Database::Open(
        DatabaseOptions{.data_dir = dir_.path(), .memtable_flush_bytes = memtable_flush_bytes_});
    REQUIRE(db.ok());
    database_ = std::move(db).value();
    session_ = std::make_unique<Session>(*database_, SessionOptions{});
  }

  // Runs every statement of `sql`; returns the last result with its rows
  // drained into `rows_`, or the first error.
  Status Run(const std::string& sql) {
    rows_.clear();
    notices_.clear();
    tag_.clear();
    columns_.clear();
    auto statements = session_->Parse(sql);
    if (!statements.ok()) return statements.status();
    for (const auto& statement : *statements) {
      auto result = session_->Execute(*statement);
      if (!result.ok()) return result.status();
      rows_.clear();
      notices_ = result->notices;
      columns_ = result->columns;
      tag_ = result->command_tag;
      if (result->rows) {
        DataChunk chunk;
        while (true) {
          auto more = result->rows->Next(chunk);
          if (!more.ok()) return more.status();
          if (!*more) break;
          for (size_t r = 0; r < chunk.size(); ++r) {
            std::vector<std::string> row;
            for (const ColumnVector& column : chunk.columns) {
              std::string text;
              if (column.IsNull(r)) {
                text = "NULL";
              } else {
                FormatText(column, r, session_->time_zone(), text);
              }
              row.push_back(std::move(text));
            }
            rows_.push_back(std::move(row));
          }
        }
      }
    }
    return Status::Ok();
  }

  Rows Query(const std::string& sql) {
    Status status = Run(sql);
    INFO(sql << " -> " << status.message());
    REQUIRE(status.ok());
    return rows_;
  }

  void Exec(const std::string& sql) {
    Status status = Run(sql);
    INFO(sql << " -> " << status.message() << " " << status.detail());
    REQUIRE(status.ok());
  }

  Status Error(const std::string& sql) {
    Status status = Run(sql);
    INFO(sql);
    REQUIRE_FALSE(status.ok());
    return status;
  }

  std::vector<std::string> ColumnNames() const {
    std::vector<std::string> names;
    for (const ResultColumn& c : columns_)
      names.push_back(c.name);
    return names;
  }

  // Starts a COPY and returns its sink.
  std::unique_ptr<CopyInSink> Copy(const std::string& sql) {
    auto statements = session_->Parse(sql);
    REQUIRE(statements.ok());
    REQUIRE(statements->size() == 1);
    auto result = session_->Execute(*(*statements)[0]);
    INFO(result.status().message());
    REQUIRE(result.ok());
    REQUIRE(result->copy_in != nullptr);
    return std::move(result->copy_in);
  }

  // Runs a COPY ... TO STDOUT and returns its CopyData payloads, or the
  // first error (of the statement or while producing the data).
  Result<std::vector<std::string>> CopyOut(const std::string& sql) {
    auto statements = session_->Parse(sql);
    REQUIRE(statements.ok());
    REQUIRE(statements->size() == 1);
    ASSIGN_OR_RETURN(StatementResult result, session_->Execute(*(*statements)[0]));
    REQUIRE(result.copy_out != nullptr);
    std::vector<std::string> payloads;
    while (true) {
      std::string payload;
      ASSIGN_OR_RETURN(bool more, result.copy_out->Next(payload));
      if (!more) break;
      payloads.push_back(std::move(payload));
    }
    tag_ = "COPY " + std::to_string(result.copy_out->rows());
    return payloads;
  }

  Session& session() { return *session_; }
  const std::string& data_dir() const { return dir_.path(); }
  const std::string& tag() const { return tag_; }
  Database& database() { return *database_; }
  const std::vector<Notice>& notices() const { return notices_; }
  const std::vector<ResultColumn>& columns() const { return columns_; }

 private:
  sundial::testing::TempDir dir_;
  size_t memtable_flush_bytes_ = 64 << 20;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Session> session_;
  Rows rows_;
  std::vector<Notice> notices_;
  std::vector<ResultColumn> columns_;
  std::string tag_;
};

}  // namespace sundial::sql::testing
