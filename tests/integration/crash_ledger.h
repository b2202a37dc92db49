#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

// The crash matrix's record of what its clients asked for and what the
// server acknowledged, and the check of a restarted server against it.
//
// Every statement that writes (a COPY, a multi-row INSERT, a transaction
// block) tags its rows with a batch id of its own and numbers them 0 .. n-1
// in a `seq` column, so the store's content can be compared batch by batch:
// an acknowledged batch is there exactly once, an unacknowledged one either
// completely (in every table it wrote) or not at all, and rows a removal
// (drop_chunks, DELETE) was acknowledged for are gone. Thread-safe.

namespace sundial::testing {

// What became of a write or a removal as far as its client knows.
enum class Fate {
  kNone,     // (removals) none asked for
  kPending,  // sent; no answer (the server was killed): either outcome is allowed
  kAcked,    // the server said it was done
  kFailed,   // the server answered with an error, or it was never committed
};

// A batch's rows in one table; they all lie in one partition.
struct BatchPart {
  std::string table;
  int64_t partition = 0;  // in the units the workload chose (e.g. hours since its origin)
  int64_t rows = 0;
  Fate removal = Fate::kNone;
};

// What a table holds of one batch.
struct BatchRows {
  int64_t count = 0;
  int64_t distinct_seqs = 0;
  int64_t min_seq = 0;
  int64_t max_seq = 0;
};
// table -> batch id -> rows.
using ObservedRows = std::map<std::string, std::map<int64_t, BatchRows>>;

class CrashLedger {
 public:
  // Registers a write of `parts` about to be sent; returns its batch id
  // (ids count up from 1). `what` names the statement in reports.
  int64_t BeginWrite(std::string what, std::vector<BatchPart> parts);
  // The write's answer: kAcked or kFailed. A write without an answer stays
  // kPending.
  void EndWrite(int64_t batch, Fate fate);

  // Registers a removal about to be sent (`sql`) of every registered part
  // `covers(batch id, part)` selects; returns its id. A removal takes whole
  // parts: a chunk removal the parts in its chunk, a DELETE by batch id the
  // batch's parts in its table.
  int64_t BeginRemoval(std::string sql,
                       const std::function<bool(int64_t, const BatchPart&)>& covers);
  void EndRemoval(int64_t removal, Fate fate);
  // The SQL of removals sent without an answer, by id; after a restart the
  // driver sends them again (they are idempotent) and acknowledges them.
  std::map<int64_t, std::string> PendingRemovals() const;

  // What is wrong with `observed` (the tables' rows after a restart), one
  // line per problem; empty when it agrees with the ledger.
  std::vector<std::string> Check(const ObservedRows& observed) const;
  // Once Check passed: writes without an answer take the outcome `observed`
  // shows, so the next crash is checked against it.
  void Settle(const ObservedRows& observed);

  // What the run did, for its report.
  struct Totals {
    int64_t acked = 0;              // writes acknowledged
    int64_t unanswered = 0;         // writes a kill left without an answer
    int64_t unanswered_stored = 0;  // of those, the ones the restarted server held
    int64_t removals = 0;
  };
  Totals totals() const;

 private:
  struct Batch {
    std::string what;
    std::vector<BatchPart> parts;
    Fate write = Fate::kPending;
  };
  struct Removal {
    std::string sql;
    std::vector<std::pair<int64_t, size_t>> parts;  // (batch id, part index)
    Fate fate = Fate::kPending;
  };
  static BatchRows Find(const ObservedRows& observed, const std::string& table, int64_t batch);

  mutable std::mutex mu_;
  std::map<int64_t, Batch> batches_;
  std::map<int64_t, Removal> removals_;
  int64_t next_removal_ = 1;
  int64_t acked_ = 0;
  int64_t unanswered_ = 0;
  int64_t unanswered_stored_ = 0;
};

}  // namespace sundial::testing
