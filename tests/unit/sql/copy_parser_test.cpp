#include "sql/copy_parser.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace sundial::sql {
namespace {

using Record = std::vector<std::string>;  // "<NULL>" marks NULL

// Feeds `pieces` one by one and collects every record.
std::vector<Record> ParseAll(CopyFormat format, const std::vector<std::string>& pieces) {
  CopyParser parser(format);
  std::vector<Record> records;
  auto drain = [&](bool at_end) {
    while (true) {
      auto outcome = parser.Next(at_end);
      REQUIRE(outcome.ok());
      if (*outcome != CopyParser::Outcome::kRecord) return;
      Record r;
      for (size_t i = 0; i < parser.field_count(); ++i) {
        r.push_back(parser.is_null(i) ? "<NULL>" : std::string(parser.field(i)));
      }
      records.push_back(r);
    }
  };
  for (const std::string& piece : pieces) {
    parser.Feed(piece);
    drain(false);
  }
  drain(true);
  return records;
}

CopyFormat Csv() {
  CopyFormat f;
  f.csv = true;
  f.delimiter = ',';
  f.null_string = "";
  return f;
}

TEST_CASE("text format splits on tabs and reads \\N as NULL") {
  auto records = ParseAll(CopyFormat{}, {"a\t1\t\\N\nb\t2\t3\n"});
  REQUIRE(records == std::vector<Record>{{"a", "1", "<NULL>"}, {"b", "2", "3"}});
}

TEST_CASE("text format decodes backslash escapes") {
  auto records = ParseAll(CopyFormat{}, {"x\\ty\\\\z\\n\t\\101\\x42\\q\n"});
  REQUIRE(records == std::vector<Record>{{"x\ty\\z\n",
                                          "AB"
                                          "q"}});
}

TEST_CASE("text format keeps an escaped delimiter inside the field") {
  auto records = ParseAll(CopyFormat{}, {"a\\\tb\tc\n"});
  REQUIRE(records == std::vector<Record>{{"a\tb", "c"}});
}

TEST_CASE("rows split across pieces are reassembled") {
  auto records = ParseAll(CopyFormat{}, {"hos", "t1\t1.", "5\nhost2\t", "2\n", "host3\t3"});
  REQUIRE(records == std::vector<Record>{{"host1", "1.5"}, {"host2", "2"}, {"host3", "3"}});
}

TEST_CASE("end-of-data marker stops parsing in both formats") {
  REQUIRE(ParseAll(CopyFormat{}, {"a\t1\n\\.\nignored\t2\n"}) == std::vector<Record>{{"a", "1"}});
  REQUIRE(ParseAll(Csv(), {"a,1\r\n\\.\r\n"}) == std::vector<Record>{{"a", "1"}});
}

TEST_CASE("csv handles quotes, doubled quotes and embedded newlines") {
  auto records = ParseAll(Csv(), {"\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\n"});
  REQUIRE(records == std::vector<Record>{{"a,b", "say \"hi\"", "line1\nline2"}});
}

TEST_CASE("csv distinguishes unquoted empty (NULL) from quoted empty") {
  auto records = ParseAll(Csv(), {"1,,\"\"\n"});
  REQUIRE(records == std::vector<Record>{{"1", "<NULL>", ""}});
}

TEST_CASE("csv quoted field split across pieces at a doubled quote") {
  auto records = ParseAll(Csv(), {"\"ab\"", "\"cd\",2\n"});
  REQUIRE(records == std::vector<Record>{{"ab\"cd", "2"}});
}

TEST_CASE("csv header line is skipped and line numbers count it") {
  CopyFormat f = Csv();
  f.header = true;
  CopyParser parser(f);
  parser.Feed("time,value\n2024-01-01,1\n");
  auto outcome = parser.Next(false);
  REQUIRE(outcome.ok());
  REQUIRE(*outcome == CopyParser::Outcome::kRecord);
  CHECK(parser.field(0) == "2024-01-01");
  CHECK(parser.line_number() == 2);
}

TEST_CASE("csv custom delimiter, null string and CRLF line ends") {
  CopyFormat f = Csv();
  f.delimiter = ';';
  f.null_string = "NA";
  auto records = ParseAll(f, {"a;NA;\"NA\"\r\nb;1;2\r\n"});
  REQUIRE(records == std::vector<Record>{{"a", "<NULL>", "NA"}, {"b", "1", "2"}});
}

TEST_CASE("csv lines without quotes split every field wherever delimiters fall") {
  Record wide;
  std::string line;
  for (int i = 0; i < 40; ++i) {
    std::string field = i % 5 == 4 ? "" : std::string(static_cast<size_t>(i % 17), 'a' + i % 26);
    wide.push_back(field.empty() ? "<NULL>" : field);
    line += (i > 0 ? "," : "") + field;
  }
  CHECK(ParseAll(Csv(), {line + "\n", line + "\r\n", line}) ==
        std::vector<Record>{wide, wide, wide});
  CHECK(ParseAll(Csv(), {"a,\"b,c\",d\nx,,y\n"}) ==
        std::vector<Record>{{"a", "b,c", "d"}, {"x", "<NULL>", "y"}});
}

TEST_CASE("csv unterminated quote at end of data is an error") {
  CopyParser parser(Csv());
  parser.Feed("\"abc\n");
  auto outcome = parser.Next(true);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == ErrorCode::kBadCopyFileFormat);
}

}  // namespace
}  // namespace sundial::sql
