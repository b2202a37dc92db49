#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "exec/operator_factories.h"
#include "exec/plan_profile.h"
#include "exec/worker_pool.h"

namespace sundial::exec {
namespace {

// Batches a worker may queue for one morsel before it waits for the
// consumer: bounds the memory of workers that run ahead of it.
constexpr size_t kQueuedBatchesPerMorsel = 16;

// Morsels each thread of a gather should get before another one joins.
constexpr size_t kMorselsPerThread = 4;

// How often a consumer waiting for rows checks for cancellation.
constexpr auto kCancelCheckInterval = std::chrono::milliseconds(50);

// The scan at the bottom of a Gather's subplan (a chain of one-input nodes).
const ScanPlan* FindScan(const PlanNode& subplan) {
  const PlanNode* node = &subplan;
  while (node->kind != PlanKind::kScan) {
    if (node->children.size() != 1 || node->children[0] == nullptr) return nullptr;
    node = node->children[0].get();
  }
  return static_cast<const ScanPlan*>(node);
}

// What the workers of one Gather share. The fields above `mu` are set
// before any worker starts and only read afterwards.
struct GatherState {
  const PlanNode* subplan = nullptr;
  std::shared_ptr<const ts::MorselScan> scan;
  size_t morsel_count = 0;
  // How far past the consumer's morsel workers may claim: with the batches
  // queued per morsel, this bounds what runs ahead of a slow consumer.
  size_t morsels_ahead = 0;
  // The query's context, less what belongs to the consumer's thread.
  ts::Engine* engine = nullptr;
  EvalContext eval;
  size_t work_mem_bytes = 0;
  std::string temp_dir;
  const std::atomic<bool>* cancel_requested = nullptr;
  std::chrono::steady_clock::time_point deadline;
  std::shared_ptr<SubqueryResults> subquery_results;
  bool profiling = false;

  std::mutex mu;
  std::condition_variable cv;
  // A morsel's rows as its worker produced them.
  struct Output {
    std::deque<DataChunk> batches;
    bool done = false;
  };
  size_t next_morsel = 0;      // the next one a worker claims
  size_t consumer_morsel = 0;  // the one whose rows the consumer returns now
  std::map<size_t, Output> outputs;
  Status error = Status::Ok();
  bool stopping = false;
  int running = 0;
  uint64_t workers_used = 0;
  PlanProfile profile;  // the subplan's figures from finished workers

  // A context for the copy of the subplan that reads `morsel`.
  ExecContext ContextFor(size_t morsel, PlanProfile* morsel_profile) const {
    ExecContext context;
    context.engine = engine;
    context.eval = eval;
    context.work_mem_bytes = work_mem_bytes;
    context.temp_dir = temp_dir;
    context.cancel_requested = cancel_requested;
    context.deadline = deadline;
    context.subquery_results = subquery_results;
    context.profile = morsel_profile;
    context.morsel_scan = scan.get();
    context.morsel = morsel;
    return context;
  }
};

// Runs one morsel through a fresh copy of the subplan, queueing its
// batches for the consumer.
Status RunMorsel(GatherState& state, size_t morsel, PlanProfile& worker_profile) {
  PlanProfile morsel_profile;
  ExecContext context = state.ContextFor(morsel, state.profiling ? &morsel_profile : nullptr);
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> op, BuildOperator(*state.subplan, context));
  while (true) {
    DataChunk batch;
    ASSIGN_OR_RETURN(bool more, op->Next(batch));
    if (!more) break;
    std::unique_lock lock(state.mu);
    GatherState::Output& output = state.outputs[morsel];
    state.cv.wait(
        lock, [&] { return state.stopping || output.batches.size() < kQueuedBatchesPerMorsel; });
    if (state.stopping) return Status::Ok();
    output.batches.push_back(std::move(batch));
    lock.unlock();
    state.cv.notify_all();
  }
  op.reset();
  worker_profile.Add(morsel_profile);
  {
    std::lock_guard lock(state.mu);
    state.outputs[morsel].done = true;
  }
  state.cv.notify_all();
  return Status::Ok();
}

// A pool task: claims morsels one after the other until none is left.
void RunWorker(const std::shared_ptr<GatherState>& state) {
  {
    std::lock_guard lock(state->mu);
    // The Gather is gone or done: nothing it owned may be touched.
    if (state->stopping) return;
    ++state->running;
    ++state->workers_used;
  }
  PlanProfile profile;
  Status status = Status::Ok();
  while (status.ok()) {
    size_t morsel = 0;
    {
      std::unique_lock lock(state->mu);
      state->cv.wait(lock, [&] {
        return state->stopping || !state->error.ok() || state->next_morsel >= state->morsel_count ||
               state->next_morsel < state->consumer_morsel + state->morsels_ahead;
      });
      if (state->stopping || !state->error.ok() || state->next_morsel >= state->morsel_count) {
        break;
      }
      morsel = state->next_morsel++;
      state->outputs[morsel];
    }
    status = RunMorsel(*state, morsel, profile);
  }
  {
    std::lock_guard lock(state->mu);
    if (!status.ok() && state->error.ok()) state->error = std::move(status);
    state->profile.Add(profile);
    --state->running;
  }
  state->cv.notify_all();
}

// Hands out the scan's morsels to copies of the subplan and returns their
// rows in morsel order. The calling thread takes part: whenever the morsel
// it must return next is still unclaimed, it runs that morsel itself and
// returns its batches directly. So a gather makes progress even while every
// pool thread is busy with other queries, and with no workers it is the
// serial plan, one morsel after the other.
class GatherOperator final : public Operator {
 public:
  GatherOperator(const GatherPlan& plan, ExecContext& context) : plan_(plan), context_(context) {}

  ~GatherOperator() override {
    own_operator_.reset();
    if (state_ == nullptr) return;
    {
      std::unique_lock lock(state_->mu);
      state_->stopping = true;
      state_->cv.notify_all();
      state_->cv.wait(lock, [&] { return state_->running == 0; });
    }
    ReportProfile();
  }

  Result<bool> Next(DataChunk& out) override {
    if (state_ == nullptr) RETURN_IF_ERROR(Start());
    while (true) {
      if (own_operator_ != nullptr) {
        ASSIGN_OR_RETURN(bool more, own_operator_->Next(out));
        if (more) return true;
        FinishOwnMorsel();
      }
      std::unique_lock lock(state_->mu);
      if (!state_->error.ok()) return state_->error;
      if (state_->consumer_morsel >= state_->morsel_count) {
        state_->cv.wait(lock, [&] { return state_->running == 0; });
        lock.unlock();
        ReportProfile();
        return false;
      }
      auto it = state_->outputs.find(state_->consumer_morsel);
      if (it != state_->outputs.end() && !it->second.batches.empty()) {
        out = std::move(it->second.batches.front());
        it->second.batches.pop_front();
        lock.unlock();
        state_->cv.notify_all();
        return true;
      }
      if (it != state_->outputs.end() && it->second.done) {
        state_->outputs.erase(it);
        ++state_->consumer_morsel;
        state_->cv.notify_all();
        continue;
      }
      if (state_->next_morsel == state_->consumer_morsel) {
        ++state_->next_morsel;
        lock.unlock();
        RETURN_IF_ERROR(StartOwnMorsel());
        continue;
      }
      state_->cv.wait_for(lock, kCancelCheckInterval);
      lock.unlock();
      RETURN_IF_ERROR(CheckCanceled(context_));
    }
  }

 private:
  Status Start() {
    const ScanPlan* scan = plan_.children.size() == 1 && plan_.children[0] != nullptr
                               ? FindScan(*plan_.children[0])
                               : nullptr;
    if (scan == nullptr) {
      return Status::Error(ErrorCode::kInternal, "a gather needs a chain of nodes over one scan");
    }
    if (context_.engine == nullptr) {
      return Status::Error(ErrorCode::kInternal, "scan without a storage engine");
    }
    ASSIGN_OR_RETURN(ts::ScanSpec spec, ResolveScanSpec(*scan, context_));
    auto state = std::make_shared<GatherState>();
    ASSIGN_OR_RETURN(state->scan, context_.engine->ScanMorsels(spec));
    state->subplan = plan_.children[0].get();
    state->morsel_count = state->scan->morsel_count();
    state->engine = context_.engine;
    state->eval = context_.eval;
    state->work_mem_bytes = context_.work_mem_bytes;
    state->temp_dir = context_.temp_dir;
    state->cancel_requested = context_.cancel_requested;
    state->deadline = context_.deadline;
    state->subquery_results = context_.subquery_results;
    state->profiling = context_.profile != nullptr;
    if (context_.profile != nullptr) {
      NodeProfile& scan_profile = context_.profile->For(scan);
      if (!scan_profile.scan) scan_profile.scan.emplace();
      *scan_profile.scan += state->scan->pruning_statistics();
      context_.profile->For(&plan_).morsels = state->morsel_count;
    }
    WorkerPool& pool = WorkerPool::Shared();
    // The calling thread reads morsels too. Waking a worker and handing its
    // batches over costs tens of microseconds, more than a few morsels
    // that pruning mostly skips (a one-host, one-hour query), so each
    // thread needs several morsels.
    const size_t threads_worth = state->morsel_count / kMorselsPerThread;
    size_t workers = std::min({static_cast<size_t>(std::max(plan_.workers, 0)),
                               static_cast<size_t>(std::max(context_.max_parallel_workers, 0)),
                               threads_worth > 0 ? threads_worth - 1 : 0, pool.thread_count()});
    state->morsels_ahead = 2 * workers + 1;
    state_ = std::move(state);
    for (size_t w = 0; w < workers; ++w)
      pool.Submit([state = state_] { RunWorker(state); });
    return Status::Ok();
  }

  // Runs the consumer's current morsel (just claimed) on this thread.
  Status StartOwnMorsel() {
    own_profile_ = PlanProfile();
    own_context_ = std::make_unique<ExecContext>(state_->ContextFor(
        state_->consumer_morsel, context_.profile != nullptr ? &own_profile_ : nullptr));
    ASSIGN_OR_RETURN(own_operator_, BuildOperator(*state_->subplan, *own_context_));
    return Status::Ok();
  }

  void FinishOwnMorsel() {
    own_operator_.reset();
    if (context_.profile != nullptr) context_.profile->Add(own_profile_);
    {
      std::lock_guard lock(state_->mu);
      ++state_->consumer_morsel;
    }
    state_->cv.notify_all();
  }

  // Adds the workers' figures to the query's profile, once.
  void ReportProfile() {
    if (context_.profile == nullptr || profile_reported_) return;
    profile_reported_ = true;
    std::lock_guard lock(state_->mu);
    context_.profile->Add(state_->profile);
    context_.profile->For(&plan_).workers_used = state_->workers_used;
  }

  const GatherPlan& plan_;
  ExecContext& context_;
  std::shared_ptr<GatherState> state_;
  bool profile_reported_ = false;
  // The copy of the subplan reading the morsel this thread runs itself.
  PlanProfile own_profile_;
  std::unique_ptr<ExecContext> own_context_;
  std::unique_ptr<Operator> own_operator_;
};

}  // namespace

std::unique_ptr<Operator> MakeGatherOperator(const GatherPlan& plan, ExecContext& context) {
  return std::make_unique<GatherOperator>(plan, context);
}

}  // namespace sundial::exec
