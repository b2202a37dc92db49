#include "sql/table_policies.h"

#include <filesystem>
#include <sstream>

#include "ts/file_system.h"

namespace sundial::sql {
namespace {

constexpr const char* KindName(TablePolicies::Kind kind) {
  switch (kind) {
    case TablePolicies::Kind::kCompression:
      return "compression";
    case TablePolicies::Kind::kContinuousAggregate:
      return "continuous_aggregate";
    case TablePolicies::Kind::kRetention:
      break;
  }
  return "retention";
}

std::string IntervalField(const std::optional<Interval>& interval) {
  if (!interval) return "null";
  return std::to_string(interval->months) + ":" + std::to_string(interval->days) + ":" +
         std::to_string(interval->micros);
}

// Reads IntervalField's text; false when malformed.
bool ParseIntervalField(const std::string& text, std::optional<Interval>& interval) {
  if (text == "null") {
    interval.reset();
    return true;
  }
  Interval value;
  char colon1 = 0;
  char colon2 = 0;
  std::istringstream in(text);
  if (!(in >> value.months >> colon1 >> value.days >> colon2 >> value.micros) || colon1 != ':' ||
      colon2 != ':') {
    return false;
  }
  interval = value;
  return true;
}

}  // namespace

Result<std::unique_ptr<TablePolicies>> TablePolicies::Open(std::string path) {
  auto policies = std::make_unique<TablePolicies>(path);
  if (!ts::FileSystem::Default().PathExists(path)) return policies;
  ASSIGN_OR_RETURN(std::string contents, ts::FileSystem::Default().ReadWholeFile(path));
  std::istringstream in(contents);
  auto malformed = [&] {
    return Status::Error(ErrorCode::kCorruption, "policy file \"" + path + "\" is malformed");
  };
  std::string line;
  if (!std::getline(in, line) || !(std::istringstream(line) >> policies->next_job_id_)) {
    return malformed();
  }
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Policy policy;
    if (!(fields >> policy.job_id >> policy.table_id >> policy.after.months >> policy.after.days >>
          policy.after.micros)) {
      return malformed();
    }
    std::string kind;
    if (fields >> kind) {
      if (kind == KindName(Kind::kCompression)) {
        policy.kind = Kind::kCompression;
      } else if (kind == KindName(Kind::kContinuousAggregate)) {
        policy.kind = Kind::kContinuousAggregate;
        std::string start;
        std::string end;
        std::string schedule;
        std::optional<Interval> every;
        if (!(fields >> start >> end >> schedule) ||
            !ParseIntervalField(start, policy.start_offset) ||
            !ParseIntervalField(end, policy.end_offset) || !ParseIntervalField(schedule, every) ||
            !every) {
          return malformed();
        }
        policy.schedule_interval = *every;
      } else if (kind != KindName(Kind::kRetention)) {
        return malformed();
      }
    }
    policies->policies_[Key(policy.kind, policy.table_id)] = policy;
  }
  return policies;
}

std::optional<TablePolicies::Policy> TablePolicies::Find(Kind kind, uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(Key(kind, table_id));
  if (it == policies_.end()) return std::nullopt;
  return it->second;
}

std::vector<TablePolicies::Policy> TablePolicies::List(Kind kind) const {
  std::lock_guard lock(mutex_);
  std::vector<Policy> list;
  for (const auto& [key, policy] : policies_) {
    if (key.first == kind) list.push_back(policy);
  }
  return list;
}

Result<TablePolicies::Policy> TablePolicies::Add(Kind kind, uint32_t table_id, Interval after) {
  return Add(Policy{.kind = kind, .table_id = table_id, .after = after});
}

Result<TablePolicies::Policy> TablePolicies::Add(Policy policy) {
  std::lock_guard lock(mutex_);
  policy.job_id = next_job_id_;
  ++next_job_id_;
  const Key key(policy.kind, policy.table_id);
  policies_[key] = policy;
  Status persisted = Persist();
  if (!persisted.ok()) {
    policies_.erase(key);
    return persisted;
  }
  return policy;
}

Result<bool> TablePolicies::Remove(Kind kind, uint32_t table_id) {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(Key(kind, table_id));
  if (it == policies_.end()) return false;
  Policy removed = it->second;
  policies_.erase(it);
  Status persisted = Persist();
  if (!persisted.ok()) {
    policies_[Key(kind, table_id)] = removed;
    return persisted;
  }
  return true;
}

Status TablePolicies::Persist() const {
  std::ostringstream text;
  text << next_job_id_ << '\n';
  for (const auto& [key, p] : policies_) {
    text << p.job_id << '\t' << p.table_id << '\t' << p.after.months << '\t' << p.after.days << '\t'
         << p.after.micros << '\t' << KindName(p.kind);
    if (p.kind == Kind::kContinuousAggregate) {
      text << '\t' << IntervalField(p.start_offset) << '\t' << IntervalField(p.end_offset) << '\t'
           << IntervalField(p.schedule_interval);
    }
    text << '\n';
  }
  const std::string temp = path_ + ".tmp";
  {
    ASSIGN_OR_RETURN(auto file, ts::FileSystem::Default().NewWritableFile(temp));
    RETURN_IF_ERROR(file->Append(text.str()));
    RETURN_IF_ERROR(file->Sync());
  }
  RETURN_IF_ERROR(ts::FileSystem::Default().RenameFile(temp, path_));
  return ts::FileSystem::Default().SyncDirectory(
      std::filesystem::path(path_).parent_path().string());
}

}  // namespace sundial::sql
