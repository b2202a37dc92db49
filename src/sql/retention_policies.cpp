#include "sql/retention_policies.h"

#include <filesystem>
#include <sstream>

#include "ts/file_system.h"

namespace sundial::sql {

Result<std::unique_ptr<RetentionPolicies>> RetentionPolicies::Open(std::string path) {
  auto policies = std::make_unique<RetentionPolicies>(path);
  if (!ts::FileSystem::Default().PathExists(path)) return policies;
  ASSIGN_OR_RETURN(std::string contents, ts::FileSystem::Default().ReadWholeFile(path));
  std::istringstream in(contents);
  auto malformed = [&] {
    return Status::Error(ErrorCode::kCorruption,
                         "retention policy file \"" + path + "\" is malformed");
  };
  if (!(in >> policies->next_job_id_)) return malformed();
  Policy policy;
  while (in >> policy.job_id >> policy.table_id >> policy.drop_after.months >>
         policy.drop_after.days >> policy.drop_after.micros) {
    policies->policies_[policy.table_id] = policy;
  }
  if (!in.eof()) return malformed();
  return policies;
}

std::optional<RetentionPolicies::Policy> RetentionPolicies::Find(uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(table_id);
  if (it == policies_.end()) return std::nullopt;
  return it->second;
}

std::vector<RetentionPolicies::Policy> RetentionPolicies::List() const {
  std::lock_guard lock(mutex_);
  std::vector<Policy> list;
  for (const auto& [table_id, policy] : policies_)
    list.push_back(policy);
  return list;
}

Result<RetentionPolicies::Policy> RetentionPolicies::Add(uint32_t table_id, Interval drop_after) {
  std::lock_guard lock(mutex_);
  Policy policy{.job_id = next_job_id_, .table_id = table_id, .drop_after = drop_after};
  ++next_job_id_;
  policies_[table_id] = policy;
  Status persisted = Persist();
  if (!persisted.ok()) {
    policies_.erase(table_id);
    return persisted;
  }
  return policy;
}

Result<bool> RetentionPolicies::Remove(uint32_t table_id) {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(table_id);
  if (it == policies_.end()) return false;
  Policy removed = it->second;
  policies_.erase(it);
  Status persisted = Persist();
  if (!persisted.ok()) {
    policies_[table_id] = removed;
    return persisted;
  }
  return true;
}

Status RetentionPolicies::Persist() const {
  std::ostringstream text;
  text << next_job_id_ << '\n';
  for (const auto& [table_id, p] : policies_) {
    text << p.job_id << '\t' << p.table_id << '\t' << p.drop_after.months << '\t'
         << p.drop_after.days << '\t' << p.drop_after.micros << '\n';
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
