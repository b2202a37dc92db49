#include "crash_ledger.h"

#include <optional>

namespace sundial::testing {
namespace {

const char* FateName(Fate fate) {
  switch (fate) {
    case Fate::kNone:
      return "none";
    case Fate::kPending:
      return "unanswered";
    case Fate::kAcked:
      return "acknowledged";
    case Fate::kFailed:
      return "failed";
  }
  return "?";
}

// A removal the server may or may not have carried out still counts for
// nothing until it is settled; one that failed removed nothing.
bool Removed(const BatchPart& part) {
  return part.removal == Fate::kAcked;
}
bool MaybeRemoved(const BatchPart& part) {
  return part.removal == Fate::kPending;
}

}  // namespace

int64_t CrashLedger::BeginWrite(std::string what, std::vector<BatchPart> parts) {
  std::lock_guard lock(mu_);
  const int64_t id = batches_.empty() ? 1 : batches_.rbegin()->first + 1;
  batches_[id] = Batch{.what = std::move(what), .parts = std::move(parts)};
  return id;
}

void CrashLedger::EndWrite(int64_t batch, Fate fate) {
  std::lock_guard lock(mu_);
  batches_.at(batch).write = fate;
  if (fate == Fate::kAcked) ++acked_;
}

int64_t CrashLedger::BeginRemoval(std::string sql,
                                  const std::function<bool(int64_t, const BatchPart&)>& covers) {
  std::lock_guard lock(mu_);
  const int64_t id = next_removal_++;
  Removal removal{.sql = std::move(sql)};
  for (auto& [batch_id, batch] : batches_) {
    for (size_t i = 0; i < batch.parts.size(); ++i) {
      BatchPart& part = batch.parts[i];
      if (Removed(part) || !covers(batch_id, part)) continue;
      part.removal = Fate::kPending;
      removal.parts.emplace_back(batch_id, i);
    }
  }
  removals_[id] = std::move(removal);
  return id;
}

void CrashLedger::EndRemoval(int64_t removal_id, Fate fate) {
  std::lock_guard lock(mu_);
  Removal& removal = removals_.at(removal_id);
  removal.fate = fate;
  for (const auto& [batch_id, index] : removal.parts) {
    BatchPart& part = batches_.at(batch_id).parts[index];
    if (!Removed(part)) part.removal = fate == Fate::kAcked ? Fate::kAcked : Fate::kNone;
  }
}

std::map<int64_t, std::string> CrashLedger::PendingRemovals() const {
  std::lock_guard lock(mu_);
  std::map<int64_t, std::string> pending;
  for (const auto& [id, removal] : removals_) {
    if (removal.fate == Fate::kPending) pending[id] = removal.sql;
  }
  return pending;
}

BatchRows CrashLedger::Find(const ObservedRows& observed, const std::string& table, int64_t batch) {
  auto in_table = observed.find(table);
  if (in_table == observed.end()) return {};
  auto rows = in_table->second.find(batch);
  return rows == in_table->second.end() ? BatchRows{} : rows->second;
}

std::vector<std::string> CrashLedger::Check(const ObservedRows& observed) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> problems;
  for (const auto& [table, rows_by_batch] : observed) {
    for (const auto& [batch_id, rows] : rows_by_batch) {
      auto batch = batches_.find(batch_id);
      bool written_here = false;
      if (batch != batches_.end()) {
        for (const BatchPart& part : batch->second.parts)
          written_here = written_here || part.table == table;
      }
      if (!written_here) {
        problems.push_back(table + " holds " + std::to_string(rows.count) + " rows of batch " +
                           std::to_string(batch_id) + ", which no client wrote to it");
      }
    }
  }
  for (const auto& [batch_id, batch] : batches_) {
    const std::string name = "batch " + std::to_string(batch_id) + " (" + batch.what + ", " +
                             FateName(batch.write) + ")";
    // Whether the parts no removal may have touched are there: one answer
    // for all of them, whatever the write's fate.
    std::optional<bool> kept_present;
    for (const BatchPart& part : batch.parts) {
      const BatchRows rows = Find(observed, part.table, batch_id);
      const std::string where = name + " in " + part.table + ": ";
      if (rows.count != 0 && rows.count != part.rows) {
        problems.push_back(where + std::to_string(rows.count) + " of its " +
                           std::to_string(part.rows) + " rows");
        continue;
      }
      if (rows.count != 0 && (rows.distinct_seqs != rows.count || rows.min_seq != 0 ||
                              rows.max_seq != rows.count - 1)) {
        problems.push_back(where + "rows repeated or missing: " + std::to_string(rows.count) +
                           " rows, " + std::to_string(rows.distinct_seqs) + " distinct seqs from " +
                           std::to_string(rows.min_seq) + " to " + std::to_string(rows.max_seq));
        continue;
      }
      const bool present = rows.count != 0;
      if (Removed(part)) {
        if (present) problems.push_back(where + "back after its removal was acknowledged");
        continue;
      }
      if (MaybeRemoved(part)) continue;
      if (batch.write == Fate::kAcked && !present) problems.push_back(where + "lost");
      if (batch.write == Fate::kFailed && present) problems.push_back(where + "present");
      if (kept_present && *kept_present != present) {
        problems.push_back(name + ": present in some tables, absent from others");
      }
      kept_present = present;
    }
  }
  // A removal takes all the rows it covers or none.
  for (const auto& [removal_id, removal] : removals_) {
    if (removal.fate != Fate::kPending) continue;
    std::optional<bool> removed;
    for (const auto& [batch_id, index] : removal.parts) {
      const Batch& batch = batches_.at(batch_id);
      if (batch.write != Fate::kAcked) continue;
      const bool gone = Find(observed, batch.parts[index].table, batch_id).count == 0;
      if (removed && *removed != gone) {
        problems.push_back("unanswered removal " + removal.sql + " took some of its rows only");
        break;
      }
      removed = gone;
    }
  }
  return problems;
}

void CrashLedger::Settle(const ObservedRows& observed) {
  std::lock_guard lock(mu_);
  for (auto& [batch_id, batch] : batches_) {
    if (batch.write != Fate::kPending) continue;
    ++unanswered_;
    batch.write = Fate::kFailed;
    for (const BatchPart& part : batch.parts) {
      if (Removed(part) || MaybeRemoved(part)) continue;
      if (Find(observed, part.table, batch_id).count != 0) {
        batch.write = Fate::kAcked;
        ++unanswered_stored_;
      }
      break;
    }
  }
}

CrashLedger::Totals CrashLedger::totals() const {
  std::lock_guard lock(mu_);
  return Totals{.acked = acked_,
                .unanswered = unanswered_,
                .unanswered_stored = unanswered_stored_,
                .removals = static_cast<int64_t>(removals_.size())};
}

}  // namespace sundial::testing
