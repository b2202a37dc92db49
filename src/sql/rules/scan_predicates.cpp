#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "exec/function_registry.h"
#include "sql/expr_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

bool MatchesColumnType(const Value& value, DataType column) {
  if (value.is_null()) return false;
  TypeId id = value.type().id;
  if (IsString(column.id)) return IsString(id);
  if (id != column.id) return false;
  return IsFloat(id) ? !std::isnan(value.float_value())
                     : IsTimestamp(id) || IsInteger(id) || id == TypeId::kDate;
}

// `column <op> constant` with the column on the left: the operator's name
// as seen from the column's side.
struct Comparison {
  const exec::Expr* column = nullptr;
  const exec::Expr* constant = nullptr;
  std::string op;
};

std::optional<Comparison> AsComparison(const exec::Expr& c) {
  if (c.kind != exec::ExprKind::kCall || c.function == nullptr || c.args.size() != 2) {
    return std::nullopt;
  }
  Comparison comparison{
      .column = c.args[0].get(), .constant = c.args[1].get(), .op = c.function->name};
  if (comparison.column->kind == exec::ExprKind::kConstant) {
    std::swap(comparison.column, comparison.constant);
    static const std::pair<const char*, const char*> kMirrored[] = {
        {"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}};
    for (const auto& [from, to] : kMirrored) {
      if (comparison.op == from) {
        comparison.op = to;
        break;
      }
    }
  }
  if (comparison.column->kind != exec::ExprKind::kColumnRef ||
      comparison.constant->kind != exec::ExprKind::kConstant) {
    return std::nullopt;
  }
  return comparison;
}

// `column <op> constant` or `column IN (constants)` (table numbering) as a
// predicate the store evaluates exactly, or nothing.
std::optional<ts::ScanPredicate> ToScanPredicate(const exec::Expr& c,
                                                 const ts::TableSchema& table) {
  if (c.kind == exec::ExprKind::kInList) {
    if (c.negated || c.args.size() < 2 || c.args[0]->kind != exec::ExprKind::kColumnRef) {
      return std::nullopt;
    }
    int column = c.args[0]->column;
    ts::ScanPredicate p{.column = column, .op = ts::ScanCompare::kIn};
    for (size_t i = 1; i < c.args.size(); ++i) {
      const exec::Expr& item = *c.args[i];
      if (item.kind != exec::ExprKind::kConstant ||
          !MatchesColumnType(item.constant, table.columns[column].type)) {
        return std::nullopt;
      }
      p.values.push_back(item.constant);
    }
    if (!IsString(table.columns[column].type.id) && p.values.size() > 16) return std::nullopt;
    return p;
  }
  std::optional<Comparison> comparison = AsComparison(c);
  if (!comparison) return std::nullopt;
  static const std::pair<const char*, ts::ScanCompare> kOps[] = {
      {"=", ts::ScanCompare::kEq}, {"<", ts::ScanCompare::kLt},  {"<=", ts::ScanCompare::kLe},
      {">", ts::ScanCompare::kGt}, {">=", ts::ScanCompare::kGe},
  };
  const auto* op = std::find_if(std::begin(kOps), std::end(kOps),
                                [&](const auto& entry) { return comparison->op == entry.first; });
  if (op == std::end(kOps)) return std::nullopt;
  int column = comparison->column->column;
  DataType type = table.columns[column].type;
  const Value& value = comparison->constant->constant;
  if (!MatchesColumnType(value, type)) return std::nullopt;
  if (IsString(type.id) && op->second != ts::ScanCompare::kEq) return std::nullopt;
  return ts::ScanPredicate{.column = column, .op = op->second, .values = {value}};
}

// Narrows `range` by `column <op> constant` on the time column (table
// numbering).
void NarrowTimeRange(const exec::Expr& c, const ts::TableSchema& table, ts::TimeRange& range) {
  std::optional<Comparison> comparison = AsComparison(c);
  if (!comparison || comparison->column->column != *table.time_column) return;
  const exec::Expr& constant = *comparison->constant;
  if (constant.constant.is_null() || !(constant.type == table.columns[*table.time_column].type)) {
    return;
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t v = constant.constant.int_value();
  int64_t next = v == kMax ? kMax : v + 1;
  const std::string& op = comparison->op;
  if (op == ">=") {
    range.begin = std::max(range.begin, v);
  } else if (op == ">") {
    range.begin = std::max(range.begin, next);
  } else if (op == "<") {
    range.end = std::min(range.end, v);
  } else if (op == "<=") {
    range.end = std::min(range.end, next);
  } else if (op == "=") {
    range.begin = std::max(range.begin, v);
    range.end = std::min(range.end, next);
  }
}

// Whether `expr` has one value per run of a per-row plan: it reads the
// outer row and nothing else that changes between rows.
bool IsPerRunValue(const exec::Expr& expr, bool& reads_outer_row) {
  switch (expr.kind) {
    case exec::ExprKind::kColumnRef:
    case exec::ExprKind::kOuterColumnRef:
    case exec::ExprKind::kSubquery:
    case exec::ExprKind::kParameter:
      return false;
    case exec::ExprKind::kOuterParam:
      reads_outer_row = true;
      break;
    default:
      break;
  }
  if (expr.function != nullptr && expr.function->is_volatile) return false;
  return std::all_of(expr.args.begin(), expr.args.end(),
                     [&](const ExprPtr& arg) { return IsPerRunValue(*arg, reads_outer_row); });
}

// `column <op> outer value` (table numbering) as a term the scan resolves
// when it opens, or nothing.
std::optional<exec::ScanParameterTerm> ToParameterTerm(const exec::Expr& c,
                                                       const ts::TableSchema& table) {
  if (c.kind != exec::ExprKind::kCall || c.function == nullptr || c.args.size() != 2) {
    return std::nullopt;
  }
  static const std::pair<const char*, ts::ScanCompare> kOps[] = {
      {"=", ts::ScanCompare::kEq}, {"<", ts::ScanCompare::kLt},  {"<=", ts::ScanCompare::kLe},
      {">", ts::ScanCompare::kGt}, {">=", ts::ScanCompare::kGe},
  };
  static const std::pair<const char*, ts::ScanCompare> kMirrored[] = {
      {"=", ts::ScanCompare::kEq}, {"<", ts::ScanCompare::kGt},  {"<=", ts::ScanCompare::kGe},
      {">", ts::ScanCompare::kLt}, {">=", ts::ScanCompare::kLe},
  };
  const bool column_left = c.args[0]->kind == exec::ExprKind::kColumnRef;
  const exec::Expr& column = *c.args[column_left ? 0 : 1];
  const ExprPtr& value = c.args[column_left ? 1 : 0];
  if (column.kind != exec::ExprKind::kColumnRef) return std::nullopt;
  bool reads_outer_row = false;
  if (!IsPerRunValue(*value, reads_outer_row) || !reads_outer_row) return std::nullopt;
  const auto& ops = column_left ? kOps : kMirrored;
  const auto* op = std::find_if(std::begin(ops), std::end(ops),
                                [&](const auto& entry) { return c.function->name == entry.first; });
  if (op == std::end(ops)) return std::nullopt;
  const DataType type = table.columns[column.column].type;
  const TypeId id = value->type.id;
  if (IsString(type.id) ? !IsString(id) || op->second != ts::ScanCompare::kEq
                        : id != type.id || !(IsFloat(id) || IsTimestamp(id) || IsInteger(id) ||
                                             id == TypeId::kDate)) {
    return std::nullopt;
  }
  return exec::ScanParameterTerm{.column = column.column, .op = op->second, .value = value};
}

LogicalPtr PushIntoScan(const LogicalGet& get) {
  auto scan = std::make_shared<LogicalGet>(get);
  scan->filters.clear();
  // Filters read output columns; the store names table columns.
  const std::vector<int>& to_table = get.spec.columns;
  for (const ExprPtr& filter : get.filters) {
    ExprPtr over_table = RemapColumns(filter, to_table);
    if (get.table.time_column) NarrowTimeRange(*over_table, get.table, scan->spec.time_range);
    if (std::optional<ts::ScanPredicate> p = ToScanPredicate(*over_table, get.table)) {
      scan->spec.predicates.push_back(std::move(*p));
      continue;
    }
    if (std::optional<exec::ScanParameterTerm> term = ToParameterTerm(*over_table, get.table)) {
      scan->parameter_terms.push_back(std::move(*term));
    }
    scan->filters.push_back(filter);
  }
  return scan;
}

}  // namespace

LogicalPtr PushFiltersIntoScans(LogicalPtr plan) {
  return RewriteBottomUp(plan, [](LogicalPtr node) -> LogicalPtr {
    if (node->kind != LogicalKind::kGet || As<LogicalGet>(*node).filters.empty()) return node;
    return PushIntoScan(As<LogicalGet>(*node));
  });
}

}  // namespace sundial::sql
