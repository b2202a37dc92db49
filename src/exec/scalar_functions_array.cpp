// Functions and operators over one-dimensional arrays, whose values are
// their canonical text (common/array_text.h): each call splits the text
// into elements, which is cheap next to the catalog-sized arrays clients
// send and read.

#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "common/array_text.h"
#include "common/value.h"
#include "common/value_text.h"
#include "exec/array_order.h"
#include "exec/expression.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

const DataType kInt4 = DataType::Of(TypeId::kInt32);
const DataType kText = DataType::Of(TypeId::kText);
const DataType kBool = DataType::Of(TypeId::kBool);

// The elements of row `row` of an array vector (must not be NULL). Arrays in
// vectors are canonical, so splitting cannot fail.
std::vector<ArrayElement> ElementsAt(const ColumnVector& arrays, size_t row) {
  Result<std::vector<ArrayElement>> elements = SplitArrayText(arrays.data<std::string_view>()[row]);
  return elements.ok() ? std::move(elements).value() : std::vector<ArrayElement>();
}

void SetText(ColumnVector& out, size_t row, std::string_view text) {
  out.data<std::string_view>()[row] = out.AddString(text);
}

// array_to_string(array, delimiter [, null_string]): NULL elements are
// skipped, or written as null_string when it is given and not NULL.
Status ArrayToString(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out,
                     bool with_null_string) {
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    if (args[0].IsNull(i) || args[1].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const std::string_view delimiter = args[1].data<std::string_view>()[i];
    const bool null_text = with_null_string && !args[2].IsNull(i);
    text.clear();
    bool first = true;
    for (const ArrayElement& e : ElementsAt(args[0], i)) {
      if (!e && !null_text) continue;
      if (!first) text += delimiter;
      first = false;
      text += e ? std::string_view(*e) : args[2].data<std::string_view>()[i];
    }
    SetText(out, i, text);
  }
  return Status::Ok();
}

Status ArrayToString2(const ColumnVector* args, size_t n, const EvalContext& context,
                      ColumnVector& out) {
  return ArrayToString(args, n, context, out, false);
}
Status ArrayToString3(const ColumnVector* args, size_t n, const EvalContext& context,
                      ColumnVector& out) {
  return ArrayToString(args, n, context, out, true);
}

// The facts of dimension args[1] of a one-dimensional array: NULL for an
// empty array or another dimension, as PostgreSQL answers.
enum class DimensionFact { kLength, kLower, kUpper };
template <DimensionFact kFact>
Status Dimension(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  int32_t* r = out.data<int32_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    const size_t count = ElementsAt(args[0], i).size();
    if (count == 0 || args[1].data<int32_t>()[i] != 1) {
      out.SetNull(i, true);
      continue;
    }
    r[i] = kFact == DimensionFact::kLower ? 1 : static_cast<int32_t>(count);
  }
  return Status::Ok();
}

Status Cardinality(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  int32_t* r = out.data<int32_t>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) r[i] = static_cast<int32_t>(ElementsAt(args[0], i).size());
  }
  return Status::Ok();
}

Status Ndims(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  int32_t* r = out.data<int32_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    if (ElementsAt(args[0], i).empty()) {
      out.SetNull(i, true);
    } else {
      r[i] = 1;
    }
  }
  return Status::Ok();
}

// array[i], counting from 1; NULL outside the array or for a NULL element.
Status Subscript(const ColumnVector* args, size_t n, const EvalContext& context,
                 ColumnVector& out) {
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    const int32_t index = args[1].data<int32_t>()[i];
    const std::vector<ArrayElement> elements = ElementsAt(args[0], i);
    if (index < 1 || static_cast<size_t>(index) > elements.size() || !elements[index - 1]) {
      out.SetNull(i, true);
      continue;
    }
    RETURN_IF_ERROR(ParseTextInto(*elements[index - 1], out.type(), context.time_zone, out, i));
  }
  return Status::Ok();
}

// One element's text as an array holds it (NULL as nullopt).
ArrayElement ElementOf(const ColumnVector& values, size_t row) {
  if (values.IsNull(row)) return std::nullopt;
  std::string text;
  FormatText(values, row, TimeZone::Utc(), text);
  return text;
}

// array || array, array || element, element || array (array_cat,
// array_append, array_prepend): a NULL array counts as empty; a NULL
// element is appended as NULL.
enum class Concat { kArrays, kAppend, kPrepend };
template <Concat kKind>
Status ConcatArrays(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  for (size_t i = 0; i < n; ++i) {
    std::vector<ArrayElement> elements;
    if (kKind == Concat::kArrays) {
      if (args[0].IsNull(i) && args[1].IsNull(i)) {
        out.SetNull(i, true);
        continue;
      }
      if (!args[0].IsNull(i)) elements = ElementsAt(args[0], i);
      if (!args[1].IsNull(i)) {
        for (ArrayElement& e : ElementsAt(args[1], i))
          elements.push_back(std::move(e));
      }
    } else if (kKind == Concat::kAppend) {
      if (!args[0].IsNull(i)) elements = ElementsAt(args[0], i);
      elements.push_back(ElementOf(args[1], i));
    } else {
      elements.push_back(ElementOf(args[0], i));
      if (!args[1].IsNull(i)) {
        for (ArrayElement& e : ElementsAt(args[1], i))
          elements.push_back(std::move(e));
      }
    }
    SetText(out, i, FormatArrayText(elements));
  }
  return Status::Ok();
}

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
bool Holds(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq:
      return c == 0;
    case CompareOp::kNe:
      return c != 0;
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kGt:
      return c > 0;
    case CompareOp::kGe:
      return c >= 0;
  }
  return false;
}

// array op array in PostgreSQL's array order.
template <CompareOp kOp>
Status CompareArrays(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  uint8_t* r = out.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    const int c = CompareArrayTexts(args[0].data<std::string_view>()[i],
                                    args[1].data<std::string_view>()[i], args[0].type());
    r[i] = Holds(kOp, c) ? 1 : 0;
  }
  return Status::Ok();
}

// x op ANY (array) / x op ALL (array) with SQL's NULL rules: ANY is true
// when some element satisfies op, NULL when none does but a NULL is
// involved, else false (always false over an empty array); ALL the dual.
template <CompareOp kOp, bool kAll>
Status Quantified(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  uint8_t* r = out.data<uint8_t>();
  const DataType element = args[0].type();
  for (size_t i = 0; i < n; ++i) {
    if (args[1].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const std::vector<ArrayElement> elements = ElementsAt(args[1], i);
    if (elements.empty()) {
      r[i] = kAll ? 1 : 0;
      continue;
    }
    if (args[0].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const Value probe = Value::FromVector(args[0], i);
    bool decided = false;
    bool saw_null = false;
    for (const ArrayElement& e : elements) {
      if (!e) {
        saw_null = true;
        continue;
      }
      Result<Value> value = ParseTextValue(*e, element, TimeZone::Utc());
      if (!value.ok()) return value.status();
      const bool holds = Holds(kOp, CompareArrayElements(probe, *value));
      if (holds != kAll) {
        decided = true;
        break;
      }
    }
    if (decided) {
      r[i] = kAll ? 0 : 1;
    } else if (saw_null) {
      out.SetNull(i, true);
    } else {
      r[i] = kAll ? 1 : 0;
    }
  }
  return Status::Ok();
}

// string_to_array(text, delimiter [, null_string]): a NULL delimiter splits
// into characters, an empty one keeps the whole string; '' is an empty array.
Status StringToArray(const ColumnVector* args, size_t n, bool with_null_string, ColumnVector& out) {
  for (size_t i = 0; i < n; ++i) {
    if (args[0].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const std::string_view text = args[0].data<std::string_view>()[i];
    const bool split_chars = args[1].IsNull(i);
    const std::string_view delimiter = split_chars ? "" : args[1].data<std::string_view>()[i];
    const bool has_null_string = with_null_string && !args[2].IsNull(i);
    const std::string_view null_string =
        has_null_string ? args[2].data<std::string_view>()[i] : std::string_view();
    std::vector<ArrayElement> elements;
    auto add = [&](std::string_view piece) {
      if (has_null_string && piece == null_string) {
        elements.emplace_back();
      } else {
        elements.emplace_back(std::string(piece));
      }
    };
    if (!text.empty()) {
      if (split_chars) {
        for (size_t at = 0; at < text.size();) {
          const unsigned char c = static_cast<unsigned char>(text[at]);
          const size_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
          add(text.substr(at, width));
          at += width;
        }
      } else if (delimiter.empty()) {
        add(text);
      } else {
        size_t start = 0;
        while (true) {
          const size_t next = text.find(delimiter, start);
          if (next == std::string_view::npos) {
            add(text.substr(start));
            break;
          }
          add(text.substr(start, next - start));
          start = next + delimiter.size();
        }
      }
    }
    SetText(out, i, FormatArrayText(elements));
  }
  return Status::Ok();
}

Status StringToArray2(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  return StringToArray(args, n, false, out);
}
Status StringToArray3(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  return StringToArray(args, n, true, out);
}

// parse_ident(text): the dot-separated parts of a qualified identifier,
// unquoted parts folded to lower case, quoted ones kept ("" is a quote).
Result<std::vector<ArrayElement>> ParseIdent(std::string_view text) {
  auto invalid = [&](std::string_view detail) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "string is not a valid identifier: \"" + std::string(text) + "\"")
        .WithDetail(std::string(detail));
  };
  std::vector<ArrayElement> parts;
  size_t at = 0;
  auto skip_space = [&] {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
      ++at;
  };
  while (true) {
    skip_space();
    std::string part;
    if (at < text.size() && text[at] == '"') {
      ++at;
      while (true) {
        if (at == text.size()) return invalid("String has unclosed double quotes.");
        if (text[at] == '"') {
          if (at + 1 < text.size() && text[at + 1] == '"') {
            part.push_back('"');
            at += 2;
            continue;
          }
          ++at;
          break;
        }
        part.push_back(text[at++]);
      }
      if (part.empty()) return invalid("Quoted identifier must not be empty.");
    } else {
      while (at < text.size() && text[at] != '.' &&
             !std::isspace(static_cast<unsigned char>(text[at]))) {
        part.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[at++]))));
      }
      if (part.empty()) {
        return invalid(parts.empty() ? "No valid identifier before \".\"."
                                     : "No valid identifier after \".\".");
      }
    }
    parts.emplace_back(std::move(part));
    skip_space();
    if (at == text.size()) break;
    if (text[at] != '.') return invalid("");
    ++at;
  }
  return parts;
}

Status ParseIdentKernel(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    ASSIGN_OR_RETURN(std::vector<ArrayElement> parts,
                     ParseIdent(args[0].data<std::string_view>()[i]));
    SetText(out, i, FormatArrayText(parts));
  }
  return Status::Ok();
}

template <CompareOp kOp>
void RegisterQuantified(FunctionCatalog& catalog, const char* op, DataType element,
                        DataType array) {
  catalog.AddScalar(std::string(op) + " any", {element, array}, kBool, Quantified<kOp, false>,
                    /*strict=*/false);
  catalog.AddScalar(std::string(op) + " all", {element, array}, kBool, Quantified<kOp, true>,
                    /*strict=*/false);
}

}  // namespace

void RegisterArrayFunctions(FunctionCatalog& catalog) {
  const DataType text_array = DataType::ArrayOf(TypeId::kText);
  catalog.AddScalar("string_to_array", {kText, kText}, text_array, StringToArray2, false);
  catalog.AddScalar("string_to_array", {kText, kText, kText}, text_array, StringToArray3, false);
  catalog.AddScalar("parse_ident", {kText}, text_array, ParseIdentKernel);
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kText, TypeId::kVarchar}) {
    const DataType element = DataType::Of(id);
    const DataType array = DataType::ArrayOf(id);
    catalog.AddScalar("array_to_string", {array, kText}, kText, ArrayToString2, false);
    catalog.AddScalar("array_to_string", {array, kText, kText}, kText, ArrayToString3, false);
    catalog.AddScalar("array_length", {array, kInt4}, kInt4, Dimension<DimensionFact::kLength>);
    catalog.AddScalar("array_lower", {array, kInt4}, kInt4, Dimension<DimensionFact::kLower>);
    catalog.AddScalar("array_upper", {array, kInt4}, kInt4, Dimension<DimensionFact::kUpper>);
    catalog.AddScalar("cardinality", {array}, kInt4, Cardinality);
    catalog.AddScalar("array_subscript", {array, kInt4}, element, Subscript);
    catalog.AddScalar("array_ndims", {array}, kInt4, Ndims);
    catalog.AddScalar("||", {array, array}, array, ConcatArrays<Concat::kArrays>, false);
    catalog.AddScalar("||", {array, element}, array, ConcatArrays<Concat::kAppend>, false);
    catalog.AddScalar("||", {element, array}, array, ConcatArrays<Concat::kPrepend>, false);
    catalog.AddScalar("array_cat", {array, array}, array, ConcatArrays<Concat::kArrays>, false);
    catalog.AddScalar("array_append", {array, element}, array, ConcatArrays<Concat::kAppend>,
                      false);
    catalog.AddScalar("array_prepend", {element, array}, array, ConcatArrays<Concat::kPrepend>,
                      false);
    catalog.AddScalar("=", {array, array}, kBool, CompareArrays<CompareOp::kEq>);
    catalog.AddScalar("<>", {array, array}, kBool, CompareArrays<CompareOp::kNe>);
    catalog.AddScalar("<", {array, array}, kBool, CompareArrays<CompareOp::kLt>);
    catalog.AddScalar("<=", {array, array}, kBool, CompareArrays<CompareOp::kLe>);
    catalog.AddScalar(">", {array, array}, kBool, CompareArrays<CompareOp::kGt>);
    catalog.AddScalar(">=", {array, array}, kBool, CompareArrays<CompareOp::kGe>);
    RegisterQuantified<CompareOp::kEq>(catalog, "=", element, array);
    RegisterQuantified<CompareOp::kNe>(catalog, "<>", element, array);
    RegisterQuantified<CompareOp::kLt>(catalog, "<", element, array);
    RegisterQuantified<CompareOp::kLe>(catalog, "<=", element, array);
    RegisterQuantified<CompareOp::kGt>(catalog, ">", element, array);
    RegisterQuantified<CompareOp::kGe>(catalog, ">=", element, array);
  }
}

}  // namespace sundial::exec
