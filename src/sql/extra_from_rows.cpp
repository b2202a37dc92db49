#include "sql/extra_from_rows.h"

#include <set>

#include "exec/operator_factories.h"
#include "exec/vector_ops.h"
#include "sql/expr_util.h"
#include "sql/physical_planner.h"
#include "sql/select_binder.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

// Candidate pairs evaluated at once: bounds the memory of a pairing without
// keys (every target row against every item row).
constexpr size_t kPairBatch = 8192;

// Beyond this many distinct item values a table scan filtered by them would
// prune little and cost a long IN list.
constexpr size_t kMaxFilterValues = 1024;

enum class Side { kNone, kTarget, kItems, kBoth };

Side SideOf(const exec::Expr& expr, size_t target_width) {
  std::set<int> columns;
  CollectColumns(expr, columns);
  if (columns.empty()) return Side::kNone;
  const bool target = static_cast<size_t>(*columns.begin()) < target_width;
  const bool items = static_cast<size_t>(*columns.rbegin()) >= target_width;
  return target && items ? Side::kBoth : target ? Side::kTarget : Side::kItems;
}

// The rows of `columns` at `rows` as one chunk.
void AppendGathered(const std::vector<ColumnVector>& columns, const std::vector<uint32_t>& rows,
                    DataChunk& out) {
  for (const ColumnVector& column : columns)
    out.columns.push_back(exec::GatherRows(column, rows.data(), rows.size()));
}

}  // namespace

Result<std::unique_ptr<ExtraFromRows>> ExtraFromRows::Bind(
    SelectBinder& binder, const std::vector<ast::TableRefPtr>& items, Scope& scope) {
  std::unique_ptr<ExtraFromRows> from(new ExtraFromRows());
  Scope items_scope;
  ASSIGN_OR_RETURN(from->plan_, binder.BindFromItems(items, items_scope));
  from->target_width_ = scope.columns.size();
  const int shift = static_cast<int>(from->target_width_);
  for (ScopeColumn& column : items_scope.columns)
    scope.columns.push_back(std::move(column));
  for (MergedColumn& merged : items_scope.merged) {
    merged.value = ShiftColumns(merged.value, shift);
    scope.merged.push_back(std::move(merged));
  }
  return from;
}

ExprPtr ExtraFromRows::SetCondition(ExprPtr condition) {
  condition_ = condition;
  std::vector<ExprPtr> conjuncts;
  if (condition) SplitConjuncts(condition, conjuncts);
  std::vector<ExprPtr> on_target;
  std::vector<ExprPtr> on_items;
  const int shift = -static_cast<int>(target_width_);
  for (const ExprPtr& c : conjuncts) {
    const Side side = SideOf(*c, target_width_);
    if (side == Side::kTarget) on_target.push_back(c);
    // Item rows it rejects pair with nothing: they are not even read.
    if (side == Side::kItems) on_items.push_back(ShiftColumns(c, shift));
    const bool equality = c->kind == exec::ExprKind::kCall && c->function != nullptr &&
                          c->function->name == "=" && c->args.size() == 2 &&
                          c->args[0]->type == c->args[1]->type;
    if (!equality) continue;
    const Side a = SideOf(*c->args[0], target_width_);
    const Side b = SideOf(*c->args[1], target_width_);
    if (a == Side::kTarget && b == Side::kItems) {
      target_keys_.push_back(c->args[0]);
      item_keys_.push_back(ShiftColumns(c->args[1], shift));
    } else if (a == Side::kItems && b == Side::kTarget) {
      target_keys_.push_back(c->args[1]);
      item_keys_.push_back(ShiftColumns(c->args[0], shift));
    }
  }
  plan_ = FilterOver(plan_, std::move(on_items));
  return Conjunction(std::move(on_target));
}

Status ExtraFromRows::Load(exec::ExecContext& context) {
  const exec::PlanPtr plan = PlanPhysical(plan_);
  ASSIGN_OR_RETURN(std::unique_ptr<exec::Operator> root, exec::StartPlan(*plan, context));
  std::vector<DataChunk> chunks;
  size_t total = 0;
  while (true) {
    RETURN_IF_ERROR(exec::CheckCanceled(context));
    DataChunk chunk;
    ASSIGN_OR_RETURN(bool more, root->Next(chunk));
    if (!more) break;
    total += chunk.size();
    if (chunk.size() > 0) chunks.push_back(std::move(chunk));
  }
  rows_ = DataChunk::Make(plan->output_types, total);
  rows_.row_count_without_columns = total;
  for (const DataChunk& chunk : chunks) {
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      for (size_t r = 0; r < chunk.size(); ++r)
        rows_.columns[c].AppendFrom(chunk.columns[c], r);
    }
  }
  if (target_keys_.empty()) return Status::Ok();
  // Item rows by key; a NULL key pairs with nothing.
  std::vector<ColumnVector> keys;
  RETURN_IF_ERROR(exec::EvaluateAll(item_keys_, rows_, context.eval, keys));
  std::vector<uint32_t> keyed;
  for (uint32_t r = 0; r < total; ++r) {
    bool null = false;
    for (const ColumnVector& key : keys)
      null = null || key.IsNull(r);
    if (!null) keyed.push_back(r);
  }
  std::vector<DataType> key_types;
  for (const ExprPtr& key : item_keys_)
    key_types.push_back(key->type);
  keys_ = std::make_unique<exec::GroupHashTable>(std::move(key_types));
  DataChunk keyed_keys;
  AppendGathered(keys, keyed, keyed_keys);
  std::vector<uint32_t> groups(keyed.size());
  keys_->FindOrInsert(keyed_keys.columns, keyed.size(), groups.data());
  rows_of_key_.resize(keys_->group_count());
  for (size_t i = 0; i < keyed.size(); ++i)
    rows_of_key_[groups[i]].push_back(keyed[i]);
  return Status::Ok();
}

bool ExtraFromRows::PairsNothing() const {
  return rows_.size() == 0 || (keys_ != nullptr && keys_->group_count() == 0);
}

ExprPtr ExtraFromRows::TargetKeyFilter() const {
  if (keys_ == nullptr || keys_->group_count() == 0 || keys_->group_count() > kMaxFilterValues) {
    return nullptr;
  }
  // One key column is enough to prune by; the others still pair exactly.
  for (size_t k = 0; k < target_keys_.size(); ++k) {
    if (target_keys_[k]->kind != exec::ExprKind::kColumnRef) continue;
    const ColumnVector values = keys_->GatherKeys(0, keys_->group_count())[k];
    std::vector<ExprPtr> args = {target_keys_[k]};
    for (size_t g = 0; g < values.size(); ++g)
      args.push_back(exec::MakeConstant(Value::FromVector(values, g)));
    return std::make_shared<const exec::Expr>(exec::Expr{
        .kind = exec::ExprKind::kInList, .type = DataType::Of(TypeId::kBool), .args = args});
  }
  return nullptr;
}

ExprPtr ExtraFromRows::Narrowed(ExprPtr table_condition) const {
  std::vector<ExprPtr> conjuncts;
  if (table_condition) conjuncts.push_back(std::move(table_condition));
  if (ExprPtr filter = TargetKeyFilter()) conjuncts.push_back(std::move(filter));
  return Conjunction(std::move(conjuncts));
}

Status ExtraFromRows::Pair(const DataChunk& target, const exec::EvalContext& eval,
                           std::vector<uint8_t>& matches, DataChunk& pairs) const {
  const size_t n = target.size();
  matches.assign(n, 0);
  std::vector<uint32_t> key_group(n, exec::GroupHashTable::kNoGroup);
  if (keys_) {
    std::vector<ColumnVector> keys;
    RETURN_IF_ERROR(exec::EvaluateAll(target_keys_, target, eval, keys));
    std::vector<uint32_t> keyed;
    for (uint32_t i = 0; i < n; ++i) {
      bool null = false;
      for (const ColumnVector& key : keys)
        null = null || key.IsNull(i);
      if (!null) keyed.push_back(i);
    }
    DataChunk keyed_keys;
    AppendGathered(keys, keyed, keyed_keys);
    std::vector<uint32_t> groups(keyed.size());
    keys_->Find(keyed_keys.columns, keyed.size(), groups.data());
    for (size_t k = 0; k < keyed.size(); ++k)
      key_group[keyed[k]] = groups[k];
  }
  std::vector<uint32_t> target_rows;
  std::vector<uint32_t> item_rows;
  std::vector<uint32_t> chosen_target;
  std::vector<uint32_t> chosen_item;
  std::vector<uint32_t> kept(kPairBatch);
  auto test_batch = [&]() -> Status {
    if (target_rows.empty()) return Status::Ok();
    size_t count = target_rows.size();
    if (condition_) {
      DataChunk candidates;
      candidates.row_count_without_columns = count;
      AppendGathered(target.columns, target_rows, candidates);
      AppendGathered(rows_.columns, item_rows, candidates);
      ColumnVector holds;
      RETURN_IF_ERROR(exec::Evaluate(*condition_, candidates, eval, holds));
      kept.resize(count);
      count = exec::SelectTrue(holds, count, kept.data());
    } else {
      kept.resize(count);
      for (size_t k = 0; k < count; ++k)
        kept[k] = static_cast<uint32_t>(k);
    }
    for (size_t k = 0; k < count; ++k) {
      const uint32_t row = target_rows[kept[k]];
      if (matches[row]) continue;
      matches[row] = 1;
      chosen_target.push_back(row);
      chosen_item.push_back(item_rows[kept[k]]);
    }
    target_rows.clear();
    item_rows.clear();
    return Status::Ok();
  };
  auto consider = [&](uint32_t row, uint32_t item) -> Status {
    target_rows.push_back(row);
    item_rows.push_back(item);
    return target_rows.size() >= kPairBatch ? test_batch() : Status::Ok();
  };
  for (uint32_t i = 0; i < n; ++i) {
    if (keys_) {
      if (key_group[i] == exec::GroupHashTable::kNoGroup) continue;
      for (uint32_t item : rows_of_key_[key_group[i]]) {
        if (matches[i]) break;
        RETURN_IF_ERROR(consider(i, item));
      }
    } else {
      for (uint32_t item = 0; item < rows_.size() && !matches[i]; ++item)
        RETURN_IF_ERROR(consider(i, item));
    }
  }
  RETURN_IF_ERROR(test_batch());
  // Rows were chosen in ascending order, batch after batch.
  pairs = DataChunk();
  pairs.row_count_without_columns = chosen_target.size();
  AppendGathered(target.columns, chosen_target, pairs);
  AppendGathered(rows_.columns, chosen_item, pairs);
  return Status::Ok();
}

}  // namespace sundial::sql
