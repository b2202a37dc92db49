#include "sql/table_policies.h"

#include <filesystem>
#include <sstream>

#include "ts/file_system.h"

namespace sundial::sql {
namespace {

constexpr const char* KindName(TablePolicies::Kind kind) {
  return kind == TablePolicies::Kind::kCompression ? "compression" : "retention";
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
  std::lock_guard lock(mutex_);
  Policy policy{.job_id = next_job_id_, .kind = kind, .table_id = table_id, .after = after};
  ++next_job_id_;
  policies_[Key(kind, table_id)] = policy;
  Status persisted = Persist();
  if (!persisted.ok()) {
    policies_.erase(Key(kind, table_id));
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
         << p.after.micros << '\t' << KindName(p.kind) << '\n';
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
