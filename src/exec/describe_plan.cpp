#include <cstdio>
#include <string>

#include "common/value_text.h"
#include "exec/function_registry.h"
#include "exec/plan.h"
#include "exec/plan_profile.h"

namespace sundial::exec {
namespace {

bool IsSymbol(const std::string& name) {
  return !name.empty() && !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
}

std::string JoinArgs(const Expr& expr, size_t begin, const char* separator);

// Columns print as $n (plans carry no names); operators infix.
std::string ExprToString(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return "$" + std::to_string(expr.column);
    case ExprKind::kConstant: {
      if (expr.constant.is_null()) return "NULL";
      std::string text = FormatValue(expr.constant, TimeZone::Utc());
      bool quoted = HasStringHeap(expr.type.id) || expr.type.id == TypeId::kInterval ||
                    expr.type.id == TypeId::kDate || IsTimestamp(expr.type.id) ||
                    expr.type.id == TypeId::kTime;
      return quoted ? "'" + text + "'" : text;
    }
    case ExprKind::kCall: {
      const std::string& name = expr.function->name;
      if (IsSymbol(name) && expr.args.size() == 2) {
        return "(" + ExprToString(*expr.args[0]) + " " + name + " " + ExprToString(*expr.args[1]) +
               ")";
      }
      if (IsSymbol(name) && expr.args.size() == 1) return name + ExprToString(*expr.args[0]);
      return name + "(" + JoinArgs(expr, 0, ", ") + ")";
    }
    case ExprKind::kCast:
      return ExprToString(*expr.args[0]) + "::" + TypeName(expr.type);
    case ExprKind::kAnd:
      return "(" + JoinArgs(expr, 0, " AND ") + ")";
    case ExprKind::kOr:
      return "(" + JoinArgs(expr, 0, " OR ") + ")";
    case ExprKind::kNot:
      return "NOT " + ExprToString(*expr.args[0]);
    case ExprKind::kIsNull:
      return ExprToString(*expr.args[0]) + (expr.negated ? " IS NOT NULL" : " IS NULL");
    case ExprKind::kInList:
      return ExprToString(*expr.args[0]) + (expr.negated ? " NOT IN (" : " IN (") +
             JoinArgs(expr, 1, ", ") + ")";
    case ExprKind::kCase: {
      std::string text = "CASE";
      size_t pairs = (expr.args.size() - (expr.has_else ? 1 : 0)) / 2;
      for (size_t p = 0; p < pairs; ++p) {
        text += " WHEN " + ExprToString(*expr.args[2 * p]) + " THEN " +
                ExprToString(*expr.args[2 * p + 1]);
      }
      if (expr.has_else) text += " ELSE " + ExprToString(*expr.args.back());
      return text + " END";
    }
    case ExprKind::kLike: {
      const char* op = expr.case_insensitive ? " ILIKE " : " LIKE ";
      return ExprToString(*expr.args[0]) + (expr.negated ? " NOT" : "") + op +
             ExprToString(*expr.args[1]);
    }
    case ExprKind::kSubquery:
      switch (expr.subquery_kind) {
        case SubqueryKind::kScalar:
          return "(SubPlan)";
        case SubqueryKind::kExists:
          return expr.negated ? "NOT EXISTS(SubPlan)" : "EXISTS(SubPlan)";
        case SubqueryKind::kIn:
          return ExprToString(*expr.args[0]) + (expr.negated ? " NOT IN " : " IN ") + "(SubPlan)";
        case SubqueryKind::kArray:
          return "ARRAY(SubPlan)";
      }
      return "(SubPlan)";
    case ExprKind::kOuterColumnRef:
      return "outer.$" + std::to_string(expr.column);
    case ExprKind::kParameter:
      return "$" + std::to_string(expr.column);
    case ExprKind::kOuterParam:
      return "outer_param.$" + std::to_string(expr.column);
    case ExprKind::kArray:
      return "ARRAY[" + JoinArgs(expr, 0, ", ") + "]";
  }
  return "?";
}

std::string JoinArgs(const Expr& expr, size_t begin, const char* separator) {
  std::string text;
  for (size_t i = begin; i < expr.args.size(); ++i) {
    if (i > begin) text += separator;
    text += ExprToString(*expr.args[i]);
  }
  return text;
}

std::string JoinExprs(const std::vector<ExprPtr>& exprs) {
  std::string text;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) text += ", ";
    text += ExprToString(*exprs[i]);
  }
  return text;
}

std::string JoinSortKeys(const std::vector<SortKey>& keys) {
  std::string text;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) text += ", ";
    text += ExprToString(*keys[i].expr);
    if (keys[i].descending) text += " DESC";
    if (keys[i].nulls_first != keys[i].descending) {
      text += keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
  }
  return text;
}

std::string Headline(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      const auto& scan = static_cast<const ScanPlan&>(plan);
      std::string text = "Scan table=" + std::to_string(scan.spec.table_id) + " columns=[";
      for (size_t i = 0; i < scan.spec.columns.size(); ++i) {
        if (i > 0) text += ", ";
        text += std::to_string(scan.spec.columns[i]);
      }
      text += "]";
      const ts::TimeRange& range = scan.spec.time_range;
      if (range.begin != ts::TimeRange{}.begin || range.end != ts::TimeRange{}.end) {
        text +=
            " time_range=[" + std::to_string(range.begin) + ", " + std::to_string(range.end) + ")";
      }
      static constexpr const char* kOps[] = {"=", "<", "<=", ">", ">=", "IN"};
      if (!scan.spec.predicates.empty()) {
        text += " predicates=[";
        for (size_t i = 0; i < scan.spec.predicates.size(); ++i) {
          const ts::ScanPredicate& p = scan.spec.predicates[i];
          if (i > 0) text += ", ";
          text += "#" + std::to_string(p.column) + " " + kOps[static_cast<int>(p.op)] + " ";
          std::string values;
          for (const Value& v : p.values) {
            if (!values.empty()) values += ", ";
            values += ExprToString(*MakeConstant(v));
          }
          text += p.op == ts::ScanCompare::kIn ? "(" + values + ")" : values;
        }
        text += "]";
      }
      if (!scan.parameter_terms.empty()) {
        text += " per_run=[";
        for (size_t i = 0; i < scan.parameter_terms.size(); ++i) {
          const ScanParameterTerm& term = scan.parameter_terms[i];
          if (i > 0) text += ", ";
          text += "#" + std::to_string(term.column) + " " + kOps[static_cast<int>(term.op)] + " " +
                  ExprToString(*term.value);
        }
        text += "]";
      }
      if (scan.spec.latest_per_column >= 0) {
        text += " newest_per=#" + std::to_string(scan.spec.latest_per_column);
      }
      return text;
    }
    case PlanKind::kValues:
      return "Values rows=" + std::to_string(static_cast<const ValuesPlan&>(plan).rows.size());
    case PlanKind::kFilter:
      return "Filter " + ExprToString(*static_cast<const FilterPlan&>(plan).predicate);
    case PlanKind::kProject:
      return "Project " + JoinExprs(static_cast<const ProjectPlan&>(plan).expressions);
    case PlanKind::kAggregate: {
      const auto& agg = static_cast<const AggregatePlan&>(plan);
      std::string text = agg.mode == AggregateMode::kPartial ? "Partial HashAggregate"
                         : agg.mode == AggregateMode::kFinal ? "Finalize HashAggregate"
                                                             : "HashAggregate";
      if (!agg.group_keys.empty()) text += " keys=[" + JoinExprs(agg.group_keys) + "]";
      text += " aggregates=[";
      for (size_t i = 0; i < agg.aggregates.size(); ++i) {
        if (i > 0) text += ", ";
        const AggregateCall& call = agg.aggregates[i];
        text +=
            call.function->name() + "(" + (call.args.empty() ? "*" : JoinExprs(call.args)) + ")";
        if (call.filter) text += " filter " + ExprToString(*call.filter);
      }
      return text + "]";
    }
    case PlanKind::kSort: {
      const auto& sort = static_cast<const SortPlan&>(plan);
      std::string text = sort.limit.has_value() ? "TopN limit=" + std::to_string(*sort.limit) + " "
                                                : std::string("Sort ");
      return text + "keys=[" + JoinSortKeys(sort.keys) + "]";
    }
    case PlanKind::kLimit: {
      const auto& limit = static_cast<const LimitPlan&>(plan);
      std::string text = "Limit";
      if (limit.limit.has_value()) text += " limit=" + std::to_string(*limit.limit);
      if (limit.offset > 0) text += " offset=" + std::to_string(limit.offset);
      return text;
    }
    case PlanKind::kDistinct: {
      const auto& distinct = static_cast<const DistinctPlan&>(plan);
      std::string text = "HashDistinct keys=[" + JoinExprs(distinct.keys) + "]";
      if (!distinct.order.empty()) text += " order=[" + JoinSortKeys(distinct.order) + "]";
      return text;
    }
    case PlanKind::kJoin: {
      const auto& join = static_cast<const JoinPlan&>(plan);
      static constexpr const char* kTypes[] = {"Inner", "Left", "Right", "Full", "Semi", "Anti"};
      std::string text = join.probe_keys.empty() ? "NestedLoopJoin " : "HashJoin ";
      text += kTypes[static_cast<int>(join.type)];
      if (!join.probe_keys.empty()) {
        text += " probe_keys=[" + JoinExprs(join.probe_keys) + "] build_keys=[" +
                JoinExprs(join.build_keys) + "]";
      }
      if (join.condition) text += " condition=" + ExprToString(*join.condition);
      return text;
    }
    case PlanKind::kLateralJoin: {
      const auto& lateral = static_cast<const LateralJoinPlan&>(plan);
      std::string text = lateral.type == JoinType::kLeft ? "LateralJoin Left" : "LateralJoin Inner";
      text += " parameters=[" + JoinExprs(lateral.parameters) + "]";
      if (lateral.condition) text += " condition=" + ExprToString(*lateral.condition);
      return text;
    }
    case PlanKind::kSetOperation: {
      static constexpr const char* kTypes[] = {"UnionAll", "Intersect", "IntersectAll", "Except",
                                               "ExceptAll"};
      return std::string("SetOperation ") +
             kTypes[static_cast<int>(static_cast<const SetOperationPlan&>(plan).type)];
    }
    case PlanKind::kSingleRow:
      return "SingleRow";
    case PlanKind::kSeries: {
      const auto& series = static_cast<const SeriesPlan&>(plan);
      if (series.array) return "Unnest " + ExprToString(*series.array);
      std::string text =
          "GenerateSeries " + ExprToString(*series.start) + ", " + ExprToString(*series.stop);
      if (series.step) text += ", " + ExprToString(*series.step);
      return text;
    }
    case PlanKind::kWindow: {
      const auto& window = static_cast<const WindowPlan&>(plan);
      std::string text = "Window";
      if (!window.partition_columns.empty()) {
        text += " partition=[";
        for (size_t i = 0; i < window.partition_columns.size(); ++i) {
          text += (i > 0 ? ", $" : "$") + std::to_string(window.partition_columns[i]);
        }
        text += "]";
      }
      if (!window.order.empty()) text += " order=[" + JoinSortKeys(window.order) + "]";
      text += " functions=[";
      for (size_t i = 0; i < window.calls.size(); ++i) {
        const WindowCall& call = window.calls[i];
        text += (i > 0 ? ", " : "") + call.name + "(";
        for (size_t a = 0; a < call.args.size(); ++a) {
          text += (a > 0 ? ", $" : "$") + std::to_string(call.args[a]);
        }
        text += ")";
      }
      return text + "]";
    }
    case PlanKind::kGapfill: {
      const auto& gapfill = static_cast<const GapfillPlan&>(plan);
      std::string text = "Gapfill time=$" + std::to_string(gapfill.time_column);
      if (!gapfill.series_columns.empty()) {
        text += " series=[";
        for (size_t i = 0; i < gapfill.series_columns.size(); ++i) {
          text += (i > 0 ? ", $" : "$") + std::to_string(gapfill.series_columns[i]);
        }
        text += "]";
      }
      for (const GapfillColumn& fill : gapfill.fills) {
        text += fill.kind == GapfillKind::kLocf ? " locf(" : " interpolate(";
        text += ExprToString(*fill.value) + ")";
      }
      return text;
    }
    case PlanKind::kGather:
      return "Gather workers=" + std::to_string(static_cast<const GatherPlan&>(plan).workers);
  }
  return "Unknown";
}

std::string Kilobytes(size_t bytes) {
  return std::to_string((bytes + 1023) / 1024) + "kB";
}

// " (actual time=1.234 ms rows=10 batches=1 ...)" as PostgreSQL's EXPLAIN
// ANALYZE appends it; time includes the node's inputs.
std::string ActualFigures(const PlanNode& plan, const PlanProfile& profile) {
  const NodeProfile* node = profile.Find(&plan);
  if (node == nullptr) return " (never executed)";
  char time[32];
  std::snprintf(time, sizeof(time), "%.3f", static_cast<double>(node->nanos) / 1e6);
  std::string text = std::string(" (actual time=") + time +
                     " ms rows=" + std::to_string(node->rows) +
                     " batches=" + std::to_string(node->batches);
  if (node->memory != nullptr) {
    text += " memory=" + Kilobytes(node->memory->peak_bytes());
    if (node->memory->spilled_bytes() > 0) {
      text += " spilled=" + Kilobytes(node->memory->spilled_bytes());
    }
  }
  if (plan.kind == PlanKind::kGather) {
    text += " morsels=" + std::to_string(node->morsels) +
            " workers_used=" + std::to_string(node->workers_used);
  }
  if (node->scan) {
    const ts::ScanStatistics& scan = *node->scan;
    text += " skipped: partitions=" + std::to_string(scan.partitions_skipped) +
            " segments=" + std::to_string(scan.segments_skipped) +
            " row_groups=" + std::to_string(scan.blocks_skipped + scan.groups_filtered) +
            "; blocks_read=" + std::to_string(scan.blocks_read) +
            " cache_hits=" + std::to_string(scan.cache_hits) +
            " cache_misses=" + std::to_string(scan.cache_misses) +
            " read=" + Kilobytes(scan.bytes_read);
  }
  return text + ")";
}

void Describe(const PlanNode& plan, const PlanProfile* profile, int depth, std::string& out) {
  if (depth > 0) out += std::string(static_cast<size_t>(depth - 1) * 6 + 2, ' ') + "->  ";
  out += Headline(plan);
  if (profile != nullptr) out += ActualFigures(plan, *profile);
  out += '\n';
  for (const PlanPtr& child : plan.children) {
    if (child) Describe(*child, profile, depth + 1, out);
  }
}

}  // namespace

std::string DescribePlan(const PlanNode& plan, const PlanProfile* profile) {
  std::string out;
  Describe(plan, profile, 0, out);
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace sundial::exec
