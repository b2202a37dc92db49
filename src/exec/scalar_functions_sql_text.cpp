#include <charconv>
#include <string>
#include <string_view>
#include <utility>

#include "common/quote_ident.h"
#include "exec/function_catalog.h"

// Functions that write SQL text: format() with %s, %I and %L, and
// quote_literal / quote_nullable, as PostgreSQL's.

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);

// format() takes any number of arguments of any type; the binder casts each
// to text, and one kernel is instantiated per arity.
constexpr size_t kMaxFormatArgs = 32;

// PostgreSQL's quote_literal: single quotes doubled; with a backslash the
// literal becomes E'...' with backslashes doubled too.
std::string QuoteLiteral(std::string_view s) {
  bool backslash = s.find('\\') != std::string_view::npos;
  std::string out = backslash ? "E'" : "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

size_t CharCount(std::string_view s) {
  size_t count = 0;
  for (char c : s)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

Status FormatError(const std::string& message) {
  return Status::Error(ErrorCode::kInvalidParameterValue, message);
}

// The arguments of one row: args[1..count] (args[0] is the format string).
class FormatArgs {
 public:
  FormatArgs(const ColumnVector* args, size_t count, size_t row)
      : args_(args), count_(count), row_(row) {}
  bool IsNull(size_t index) const { return args_[index].IsNull(row_); }
  std::string_view Text(size_t index) const { return args_[index].data<std::string_view>()[row_]; }
  // The next argument's index (1-based), when there is one.
  Result<size_t> Take(size_t index) const {
    if (index > count_) return FormatError("too few arguments for format()");
    return index;
  }

 private:
  const ColumnVector* args_;
  size_t count_;
  size_t row_;
};

// Reads a decimal number at `pos`; false when there is none.
bool ReadNumber(std::string_view f, size_t& pos, size_t& value) {
  size_t start = pos;
  value = 0;
  while (pos < f.size() && f[pos] >= '0' && f[pos] <= '9') {
    value = value * 10 + static_cast<size_t>(f[pos] - '0');
    if (value > 0x7fffffff) return false;
    ++pos;
  }
  return pos > start;
}

// One row of format(): %[n$][-][width|*|*n$](s|I|L), and %%.
Result<std::string> FormatRow(std::string_view f, const FormatArgs& args) {
  std::string out;
  size_t next_arg = 1;
  for (size_t pos = 0; pos < f.size(); ++pos) {
    if (f[pos] != '%') {
      out.push_back(f[pos]);
      continue;
    }
    if (++pos >= f.size()) return FormatError("unterminated format() type specifier");
    if (f[pos] == '%') {
      out.push_back('%');
      continue;
    }
    // An explicit argument position: n$.
    size_t position = 0;
    size_t at = pos;
    size_t number = 0;
    if (ReadNumber(f, at, number) && at < f.size() && f[at] == '$') {
      if (number == 0)
        return FormatError("format specifies argument 0, but arguments are numbered from 1");
      position = number;
      pos = at + 1;
    }
    bool left = false;
    while (pos < f.size() && f[pos] == '-') {
      left = true;
      ++pos;
    }
    size_t width = 0;
    if (pos < f.size() && f[pos] == '*') {
      ++pos;
      size_t width_arg = next_arg;
      at = pos;
      if (ReadNumber(f, at, number) && at < f.size() && f[at] == '$') {
        if (number == 0)
          return FormatError("format specifies argument 0, but arguments are numbered from 1");
        width_arg = number;
        pos = at + 1;
      }
      ASSIGN_OR_RETURN(size_t index, args.Take(width_arg));
      next_arg = index + 1;
      if (!args.IsNull(index)) {
        std::string_view text = args.Text(index);
        int32_t w = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), w);
        if (error != std::errc() || end != text.data() + text.size()) {
          return Status::Error(
              ErrorCode::kInvalidTextRepresentation,
              "invalid input syntax for type integer: \"" + std::string(text) + "\"");
        }
        if (w < 0) {
          left = true;
          w = -w;
        }
        width = static_cast<size_t>(w);
      }
    } else if (!ReadNumber(f, pos, width) && width != 0) {
      return FormatError("number is out of range");
    }
    if (pos >= f.size()) return FormatError("unterminated format() type specifier");
    char type = f[pos];
    if (type != 's' && type != 'I' && type != 'L') {
      return FormatError(std::string("unrecognized format() type specifier \"") + type + "\"")
          .WithHint("For a single \"%\" use \"%%\".");
    }
    ASSIGN_OR_RETURN(size_t index, args.Take(position != 0 ? position : next_arg));
    next_arg = index + 1;
    std::string value;
    if (args.IsNull(index)) {
      if (type == 'I') {
        return Status::Error(ErrorCode::kNullValueNotAllowed,
                             "null values cannot be formatted as an SQL identifier");
      }
      if (type == 'L') value = "NULL";
    } else if (type == 's') {
      value = args.Text(index);
    } else if (type == 'I') {
      value = QuoteIdent(args.Text(index));
    } else {
      value = QuoteLiteral(args.Text(index));
    }
    size_t chars = CharCount(value);
    std::string padding(width > chars ? width - chars : 0, ' ');
    out += left ? value + padding : padding + value;
  }
  return out;
}

template <size_t N>
Status Format(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (args[0].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(std::string text,
                     FormatRow(args[0].data<std::string_view>()[i], FormatArgs(args, N - 1, i)));
    values[i] = out.AddString(text);
  }
  return Status::Ok();
}

template <size_t... kArity>
void RegisterFormat(FunctionCatalog& catalog, std::index_sequence<kArity...>) {
  (catalog.AddScalar("format", std::vector<DataType>(kArity + 1, kText), kText, Format<kArity + 1>,
                     /*strict=*/false),
   ...);
}

Status QuoteLiteralKernel(const ColumnVector* args, size_t n, const EvalContext&,
                          ColumnVector& out) {
  const auto* in = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) values[i] = out.AddString(QuoteLiteral(in[i]));
  }
  return Status::Ok();
}

// quote_nullable: quote_literal, but NULL becomes the word NULL.
Status QuoteNullableKernel(const ColumnVector* args, size_t n, const EvalContext&,
                           ColumnVector& out) {
  const auto* in = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    values[i] = out.AddString(args[0].IsNull(i) ? std::string("NULL") : QuoteLiteral(in[i]));
  }
  return Status::Ok();
}

}  // namespace

void RegisterSqlTextFunctions(FunctionCatalog& catalog) {
  RegisterFormat(catalog, std::make_index_sequence<kMaxFormatArgs + 1>{});
  catalog.AddScalar("quote_literal", {kText}, kText, QuoteLiteralKernel);
  catalog.AddScalar("quote_nullable", {kText}, kText, QuoteNullableKernel, /*strict=*/false);
}

}  // namespace sundial::exec
