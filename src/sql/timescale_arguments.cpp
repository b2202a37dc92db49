#include "sql/timescale_arguments.h"

#include <algorithm>
#include <string_view>

namespace sundial::sql {
namespace {

using exec::ExprPtr;

struct Parameter {
  std::string_view name;
  bool required;
};
using Signature = std::vector<Parameter>;

const std::vector<Signature>* SignaturesOf(const std::string& function) {
  static const std::vector<Signature> kTimeBucket = {
      {{"bucket_width", true}, {"ts", true}},
      {{"bucket_width", true}, {"ts", true}, {"origin", true}},
      {{"bucket_width", true}, {"ts", true}, {"offset", true}},
      {{"bucket_width", true},
       {"ts", true},
       {"timezone", true},
       {"origin", false},
       {"offset", false}}};
  static const std::vector<Signature> kGapfill = {
      {{"bucket_width", true}, {"ts", true}, {"start", false}, {"finish", false}},
      {{"bucket_width", true},
       {"ts", true},
       {"timezone", true},
       {"start", false},
       {"finish", false}}};
  static const std::vector<Signature> kLocf = {
      {{"value", true}, {"prev", false}, {"treat_null_as_missing", false}}};
  static const std::vector<Signature> kInterpolate = {
      {{"value", true}, {"prev", false}, {"next", false}}};
  if (function == "time_bucket") return &kTimeBucket;
  if (function == "time_bucket_gapfill") return &kGapfill;
  if (function == "locf") return &kLocf;
  if (function == "interpolate") return &kInterpolate;
  return nullptr;
}

size_t IndexOf(const Signature& signature, std::string_view name) {
  for (size_t i = 0; i < signature.size(); ++i) {
    if (signature[i].name == name) return i;
  }
  return signature.size();
}

// Whether the call fits the signature: no more positional arguments than
// parameters, each name a parameter after the positional ones, every
// required parameter given.
bool Fits(const Signature& signature, size_t positional,
          const std::vector<std::pair<std::string, ExprPtr>>& named) {
  if (positional > signature.size()) return false;
  std::vector<bool> given(signature.size(), false);
  std::fill(given.begin(), given.begin() + positional, true);
  for (const auto& [name, value] : named) {
    size_t index = IndexOf(signature, name);
    if (index == signature.size() || given[index]) return false;
    given[index] = true;
  }
  for (size_t i = 0; i < signature.size(); ++i) {
    if (signature[i].required && !given[i]) return false;
  }
  return true;
}

Status NoSuchFunction(const ast::Expr& call) {
  return Status::Error(ErrorCode::kUndefinedFunction,
                       "function " + call.name + " with the given argument names does not exist")
      .WithPosition(call.position)
      .WithHint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

Status Unsupported(const ast::Expr& call, const std::string& what) {
  return Status::Error(ErrorCode::kFeatureNotSupported, what + " is not supported")
      .WithPosition(call.position);
}

}  // namespace

bool HasTimescaleParameters(const std::string& function) {
  return SignaturesOf(function) != nullptr;
}

Status ArrangeTimescaleArguments(const ast::Expr& call,
                                 std::vector<std::pair<std::string, ExprPtr>> named,
                                 std::vector<ExprPtr>& args, std::vector<int>& positions,
                                 const CoerceFunction& coerce) {
  const bool gapfill = call.name == "time_bucket_gapfill";
  for (const auto& [name, value] : named) {
    if (gapfill && name == "origin") {
      return Unsupported(call, "time_bucket_gapfill with " + name);
    }
  }
  const size_t positional = args.size();
  if (call.name == "time_bucket" && named.empty()) {
    // PostgreSQL prefers the text parameter for an untyped argument, so
    // TimescaleDB reads time_bucket(w, tstz, '...') as a time zone.
    if (positional >= 3 && args[1]->type.id == TypeId::kTimestampTz &&
        args[2]->type.id == TypeId::kUnknown && args[2]->kind == exec::ExprKind::kConstant) {
      Value text = args[2]->constant.is_null() ? Value::Null(DataType::Of(TypeId::kText))
                                               : Value::Text(args[2]->constant.text_value());
      args[2] = exec::MakeConstant(std::move(text));
    }
    // Otherwise resolution picks among the two- and three-argument forms.
    const bool zone = positional == 3 && IsString(args[2]->type.id);
    if (positional < 4 && !zone) return Status::Ok();
  }
  const std::vector<Signature>& signatures = *SignaturesOf(call.name);
  const Signature* chosen = nullptr;
  if (call.name == "time_bucket" && named.empty() && positional == 3) {
    chosen = &signatures.back();  // the timezone form, by the rule above
  }
  for (const Signature& signature : signatures) {
    if (chosen != nullptr) break;
    if (Fits(signature, positional, named)) {
      chosen = &signature;
      break;
    }
  }
  if (chosen == nullptr) {
    if (gapfill && positional == 6) return Unsupported(call, "time_bucket_gapfill with origin");
    return positional > 0 && named.empty() ? Status::Ok() : NoSuchFunction(call);
  }
  size_t count = positional;
  for (const auto& [name, value] : named)
    count = std::max(count, IndexOf(*chosen, name) + 1);
  // time_bucket's timezone variant and time_bucket_gapfill have one
  // overload each with every parameter; locf takes what was given.
  if (call.name != "locf" && call.name != "interpolate") count = chosen->size();
  args.resize(count);
  positions.resize(count, call.position);
  for (size_t k = 0; k < named.size(); ++k) {
    size_t index = IndexOf(*chosen, named[k].first);
    args[index] = std::move(named[k].second);
    positions[index] = call.named_args[k].second->position;
  }
  for (size_t i = 0; i < count; ++i) {
    if (args[i] != nullptr) continue;
    args[i] = call.name == "locf" && i == 2
                  ? exec::MakeConstant(Value::Bool(false))
                  : exec::MakeConstant(Value::Null(DataType::Of(TypeId::kUnknown)));
  }
  if (call.name == "interpolate" && count > 1) {
    return Unsupported(call, "interpolate with prev or next lookups");
  }
  for (size_t i = 0; i < count; ++i) {
    if (args[i]->type.id != TypeId::kUnknown) continue;
    const std::string_view name = (*chosen)[i].name;
    DataType type;
    if (name == "offset") {
      type = IsInteger(args[1]->type.id) ? args[1]->type : DataType::Of(TypeId::kInterval);
    } else if (name == "timezone") {
      type = DataType::Of(TypeId::kText);
    } else {
      continue;
    }
    ASSIGN_OR_RETURN(args[i], coerce(args[i], type, positions[i]));
  }
  return Status::Ok();
}

}  // namespace sundial::sql
