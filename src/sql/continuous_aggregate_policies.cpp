#include <algorithm>
#include <map>

#include "catalog/catalog.h"
#include "common/datetime.h"
#include "common/quote_ident.h"
#include "sql/continuous_aggregate_ranges.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/row_source.h"
#include "sql/statements.h"
#include "sql/table_policies.h"

// add_continuous_aggregate_policy() / remove_continuous_aggregate_policy(),
// and the scheduler's runs of the policies.

namespace sundial::sql {
namespace {

using Kind = TablePolicies::Kind;

// Months count as 30 days, as TimescaleDB compares policy offsets.
__int128 ApproximateMicros(const Interval& interval) {
  return (static_cast<__int128>(interval.months) * 30 + interval.days) * kMicrosPerDay +
         interval.micros;
}

struct PolicyCall {
  const ast::Expr* relation = nullptr;
  const ast::Expr* start_offset = nullptr;
  const ast::Expr* end_offset = nullptr;
  const ast::Expr* schedule_interval = nullptr;
  const ast::Expr* if_flag = nullptr;  // if_not_exists / if_exists
};

Result<PolicyCall> ReadPolicyCall(const ast::Expr& call) {
  const bool add = call.name == "add_continuous_aggregate_policy";
  const std::vector<std::string> names =
      add ? std::vector<std::string>{"continuous_aggregate", "start_offset", "end_offset",
                                     "schedule_interval", "if_not_exists"}
          : std::vector<std::string>{"continuous_aggregate", "if_exists"};
  std::vector<const ast::Expr*> args(names.size(), nullptr);
  if (call.args.size() > names.size()) {
    return Status::Error(ErrorCode::kUndefinedFunction, "function " + call.name + " with " +
                                                            std::to_string(call.args.size()) +
                                                            " arguments does not exist")
        .WithPosition(call.position);
  }
  for (size_t i = 0; i < call.args.size(); ++i)
    args[i] = call.args[i].get();
  for (const auto& [name, value] : call.named_args) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end() || args[it - names.begin()] != nullptr) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "function " + call.name + " has no argument \"" + name + "\" here")
          .WithPosition(value->position);
    }
    args[it - names.begin()] = value.get();
  }
  const size_t required = add ? 4 : 1;
  for (size_t i = 0; i < required; ++i) {
    if (args[i] == nullptr) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "function " + call.name + " needs its \"" + names[i] + "\" argument")
          .WithPosition(call.position);
    }
  }
  PolicyCall read{.relation = args[0]};
  if (add) {
    read.start_offset = args[1];
    read.end_offset = args[2];
    read.schedule_interval = args[3];
    read.if_flag = args[4];
  } else {
    read.if_flag = args[1];
  }
  return read;
}

Result<Value> Constant(const ast::Expr& expr, TypeId type, const exec::EvalContext& eval) {
  Scope none;
  ExprBinder binder(none, eval, "policy arguments");
  ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(expr));
  ASSIGN_OR_RETURN(bound, CoerceTo(bound, DataType::Of(type), eval, expr.position));
  if (bound->kind != exec::ExprKind::kConstant) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "non-constant policy arguments are not supported")
        .WithPosition(expr.position);
  }
  return bound->constant;
}

Result<catalog::ViewDefinition> ContinuousAggregate(const ast::Expr& relation,
                                                    StatementContext& context) {
  ASSIGN_OR_RETURN(Value name, Constant(relation, TypeId::kText, context.eval));
  if (name.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "invalid continuous aggregate")
        .WithPosition(relation.position);
  }
  catalog::Catalog& catalog = context.database.catalog();
  ASSIGN_OR_RETURN(uint32_t oid, catalog.ParseRegclass(name.text_value()));
  std::optional<catalog::ViewDefinition> view = catalog.views().FindByOid(oid);
  if (!view || !view->continuous) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "relation \"" + name.text_value() + "\" is not a continuous aggregate");
  }
  return std::move(*view);
}

// The interval a refresh goes back from now, or nullopt for an open end.
Result<std::optional<Interval>> Offset(const ast::Expr& expr, StatementContext& context) {
  ASSIGN_OR_RETURN(Value value, Constant(expr, TypeId::kInterval, context.eval));
  if (value.is_null()) return std::optional<Interval>();
  return std::optional<Interval>(value.interval_value());
}

Status CheckWindow(const TablePolicies::Policy& policy, const catalog::ViewDefinition& view) {
  if (!policy.start_offset || !policy.end_offset) return Status::Ok();
  const __int128 width =
      ApproximateMicros(*policy.start_offset) - ApproximateMicros(*policy.end_offset);
  if (width < 2 * static_cast<__int128>(view.continuous->bucket_width_micros)) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "policy refresh window too small")
        .WithDetail(
            "The start and end offsets must cover at least two buckets in the valid "
            "time range of type \"" +
            TypeName(view.column_types[view.continuous->bucket_column]) + "\".");
  }
  return Status::Ok();
}

std::string IntervalLiteral(const Interval& interval) {
  std::string text;
  FormatInterval(interval, text);
  return "'" + text + "'::interval";
}

std::string StringLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

bool IsContinuousAggregatePolicyCall(const ast::SelectStmt& select) {
  const ast::Expr* call = SoleFunctionCall(select);
  return call != nullptr && (call->name == "add_continuous_aggregate_policy" ||
                             call->name == "remove_continuous_aggregate_policy");
}

std::vector<ResultColumn> ContinuousAggregatePolicyColumns(const ast::SelectStmt& select) {
  const std::string& name = select.targets[0].expr->name;
  // add_ returns the job id, remove_ void (an empty text value).
  const TypeId type = name.starts_with("add_") ? TypeId::kInt32 : TypeId::kText;
  return {ResultColumn{.name = name, .type = DataType::Of(type)}};
}

Result<StatementResult> ExecuteContinuousAggregatePolicyCall(const ast::SelectStmt& select,
                                                             StatementContext& context) {
  const ast::Expr& call = *select.targets[0].expr;
  ASSIGN_OR_RETURN(PolicyCall read, ReadPolicyCall(call));
  ASSIGN_OR_RETURN(catalog::ViewDefinition view, ContinuousAggregate(*read.relation, context));
  bool if_flag = false;
  if (read.if_flag != nullptr) {
    ASSIGN_OR_RETURN(Value flag, Constant(*read.if_flag, TypeId::kBool, context.eval));
    if_flag = !flag.is_null() && flag.bool_value();
  }
  TablePolicies& policies = context.database.policies();
  StatementResult result;
  result.columns = ContinuousAggregatePolicyColumns(select);
  result.command_tag = "SELECT";
  const std::string quoted = "\"" + view.name + "\"";
  if (call.name.starts_with("remove_")) {
    ASSIGN_OR_RETURN(bool removed, policies.Remove(Kind::kContinuousAggregate, view.view_id));
    if (!removed) {
      const std::string message = "continuous aggregate policy not found for " + quoted;
      if (!if_flag) return Status::Error(ErrorCode::kUndefinedObject, message);
      result.notices.push_back(Notice{.message = message + ", skipping"});
    }
    result.rows = MakeTextRows(1, {{""}});
    return result;
  }
  TablePolicies::Policy policy{.kind = Kind::kContinuousAggregate, .table_id = view.view_id};
  ASSIGN_OR_RETURN(policy.start_offset, Offset(*read.start_offset, context));
  ASSIGN_OR_RETURN(policy.end_offset, Offset(*read.end_offset, context));
  ASSIGN_OR_RETURN(Value schedule,
                   Constant(*read.schedule_interval, TypeId::kInterval, context.eval));
  if (schedule.is_null() || ApproximateMicros(schedule.interval_value()) <= 0) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "schedule_interval must be a positive interval")
        .WithPosition(read.schedule_interval->position);
  }
  policy.schedule_interval = schedule.interval_value();
  RETURN_IF_ERROR(CheckWindow(policy, view));
  int32_t job_id = 0;
  if (std::optional<TablePolicies::Policy> existing =
          policies.Find(Kind::kContinuousAggregate, view.view_id)) {
    const std::string message = "continuous aggregate policy already exists for " + quoted;
    if (!if_flag) return Status::Error(ErrorCode::kDuplicateObject, message);
    result.notices.push_back(Notice{.message = message + ", skipping"});
    job_id = existing->job_id;
  } else {
    ASSIGN_OR_RETURN(TablePolicies::Policy added, policies.Add(policy));
    job_id = added.job_id;
  }
  result.rows = MakeInt32Row(job_id);
  return result;
}

Status RunContinuousAggregatePolicies(Database& database, int64_t now_utc_micros,
                                      std::map<int32_t, int64_t>& last_runs) {
  Status first_error;
  for (const TablePolicies::Policy& policy : database.policies().List(Kind::kContinuousAggregate)) {
    std::optional<catalog::ViewDefinition> view =
        database.catalog().FindViewByOid(catalog::kFirstViewOid + policy.table_id);
    Status status;
    if (!view || !view->continuous) {
      // The aggregate was dropped; its id is never reused.
      status = database.policies().Remove(policy.kind, policy.table_id).status();
    } else if (auto last = last_runs.find(policy.job_id);
               last == last_runs.end() ||
               now_utc_micros - last->second >= ApproximateMicros(policy.schedule_interval)) {
      last_runs[policy.job_id] = now_utc_micros;
      const std::string start =
          policy.start_offset ? "now() - " + IntervalLiteral(*policy.start_offset) : "NULL";
      const std::string end =
          policy.end_offset ? "now() - " + IntervalLiteral(*policy.end_offset) : "NULL";
      // A session of its own, as TimescaleDB's background worker runs the
      // job, so the refresh binds, plans and writes like a client's CALL.
      Session session(database, SessionOptions{});
      Result<std::vector<std::unique_ptr<ast::Statement>>> statements =
          session.Parse("CALL refresh_continuous_aggregate(" +
                        StringLiteral(QuoteIdent(view->name)) + ", " + start + ", " + end + ")");
      status = statements.status();
      if (status.ok()) status = session.Execute(*(*statements)[0]).status();
      if (!status.ok()) {
        status =
            status.WithContext("refresh policy of continuous aggregate \"" + view->name + "\"");
      }
    }
    if (!status.ok() && first_error.ok()) first_error = status;
  }
  return first_error;
}

}  // namespace sundial::sql
