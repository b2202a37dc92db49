#include "support/fault_injecting_file_system.h"

#include <algorithm>
#include <utility>

namespace sundial::testing {

namespace {

using Op = FaultInjectingFileSystem::Op;

const char* OpName(Op op) {
  switch (op) {
    case Op::kCreate:
      return "create";
    case Op::kWrite:
      return "write to";
    case Op::kSync:
      return "fsync";
    case Op::kRename:
      return "rename";
    case Op::kSyncDirectory:
      return "fsync directory";
    case Op::kTruncate:
      return "truncate";
  }
  return "use";
}

bool IsUnder(const std::string& path, const std::string& root) {
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          path[root.size()] == '/');
}

class FaultInjectingWritableFile final : public ts::WritableFile {
 public:
  FaultInjectingWritableFile(FaultInjectingFileSystem& fs, std::unique_ptr<ts::WritableFile> base)
      : fs_(fs), base_(std::move(base)) {}

  Status Append(std::string_view data) override {
    bool torn = false;
    Status injected = fs_.Check(Op::kWrite, path(), &torn);
    if (!injected.ok()) {
      if (torn) base_->Append(data.substr(0, data.size() / 2)).IgnoreError();
      return injected;
    }
    return base_->Append(data);
  }

  Status Sync() override {
    RETURN_IF_ERROR(fs_.Check(Op::kSync, path()));
    RETURN_IF_ERROR(base_->Sync());
    fs_.NoteSynced(path(), base_->size());
    return Status::Ok();
  }

  const std::string& path() const override { return base_->path(); }
  uint64_t size() const override { return base_->size(); }

 private:
  FaultInjectingFileSystem& fs_;
  std::unique_ptr<ts::WritableFile> base_;
};

}  // namespace

FaultInjectingFileSystem::FaultInjectingFileSystem(ts::FileSystem& base) : base_(base) {}

void FaultInjectingFileSystem::Inject(Fault fault) {
  std::lock_guard lock(mu_);
  faults_.push_back(Armed{.fault = std::move(fault)});
}

void FaultInjectingFileSystem::ClearFaults() {
  std::lock_guard lock(mu_);
  faults_.clear();
}

int FaultInjectingFileSystem::injected_failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

Status FaultInjectingFileSystem::Check(Op op, const std::string& path, bool* torn) {
  std::lock_guard lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    const Fault& fault = it->fault;
    bool matches = fault.whole_path ? path == fault.path_contains
                                    : path.find(fault.path_contains) != std::string::npos;
    if (fault.op != op || !matches) continue;
    if (it->seen++ < fault.skip) continue;
    ++failures_;
    Status error = ts::IoError(std::string(OpName(op)) + " (injected)", path, fault.error);
    if (torn != nullptr) *torn = fault.torn;
    if (fault.once) faults_.erase(it);
    return error;
  }
  return Status::Ok();
}

void FaultInjectingFileSystem::NoteSynced(const std::string& path, uint64_t size) {
  std::lock_guard lock(mu_);
  durable_[path] = size;
}

void FaultInjectingFileSystem::ForgetLocked(const std::string& path) {
  for (auto it = durable_.begin(); it != durable_.end();) {
    it = IsUnder(it->first, path) ? durable_.erase(it) : std::next(it);
  }
}

Result<std::unique_ptr<ts::WritableFile>> FaultInjectingFileSystem::NewWritableFile(
    const std::string& path) {
  RETURN_IF_ERROR(Check(Op::kCreate, path));
  bool existed = base_.PathExists(path);
  ASSIGN_OR_RETURN(auto file, base_.NewWritableFile(path));
  {
    std::lock_guard lock(mu_);
    durable_[path] = 0;
    if (!existed) {
      unsynced_.push_back(Unsynced{.kind = Unsynced::Kind::kCreatedFile,
                                   .directory = ts::ParentDirectory(path),
                                   .path = path});
    }
  }
  return std::unique_ptr<ts::WritableFile>(
      std::make_unique<FaultInjectingWritableFile>(*this, std::move(file)));
}

Result<std::unique_ptr<ts::RandomAccessFile>> FaultInjectingFileSystem::NewRandomAccessFile(
    const std::string& path) {
  return base_.NewRandomAccessFile(path);
}

Status FaultInjectingFileSystem::CreateDirectories(const std::string& path) {
  std::vector<std::string> missing;
  for (std::string p = path; !p.empty() && p != "." && p != "/" && !base_.PathExists(p);
       p = ts::ParentDirectory(p)) {
    missing.push_back(p);
  }
  if (missing.empty()) return Status::Ok();
  RETURN_IF_ERROR(Check(Op::kCreate, path));
  RETURN_IF_ERROR(base_.CreateDirectories(path));
  std::lock_guard lock(mu_);
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    unsynced_.push_back(Unsynced{.kind = Unsynced::Kind::kCreatedDirectory,
                                 .directory = ts::ParentDirectory(*it),
                                 .path = *it});
  }
  return Status::Ok();
}

Status FaultInjectingFileSystem::SyncDirectory(const std::string& path) {
  RETURN_IF_ERROR(Check(Op::kSyncDirectory, path));
  RETURN_IF_ERROR(base_.SyncDirectory(path));
  std::lock_guard lock(mu_);
  std::erase_if(unsynced_, [&](const Unsynced& u) { return u.directory == path; });
  return Status::Ok();
}

Status FaultInjectingFileSystem::RemoveFile(const std::string& path) {
  RETURN_IF_ERROR(base_.RemoveFile(path));
  std::lock_guard lock(mu_);
  ForgetLocked(path);
  return Status::Ok();
}

Status FaultInjectingFileSystem::RemoveTree(const std::string& path) {
  RETURN_IF_ERROR(base_.RemoveTree(path));
  std::lock_guard lock(mu_);
  ForgetLocked(path);
  return Status::Ok();
}

Status FaultInjectingFileSystem::RenameFile(const std::string& from, const std::string& to) {
  RETURN_IF_ERROR(Check(Op::kRename, from));
  std::optional<std::string> replaced;
  if (base_.PathExists(to)) {
    ASSIGN_OR_RETURN(replaced, base_.ReadWholeFile(to));
  }
  RETURN_IF_ERROR(base_.RenameFile(from, to));
  std::lock_guard lock(mu_);
  // What a power loss would bring back of the replaced file.
  auto replaced_durable = durable_.find(to);
  if (replaced && replaced_durable != durable_.end()) replaced->resize(replaced_durable->second);
  auto it = durable_.find(from);
  if (it != durable_.end()) {
    durable_[to] = it->second;
    durable_.erase(from);
  }
  unsynced_.push_back(Unsynced{.kind = Unsynced::Kind::kRenamed,
                               .directory = ts::ParentDirectory(to),
                               .path = to,
                               .from = from,
                               .replaced = std::move(replaced)});
  return Status::Ok();
}

Status FaultInjectingFileSystem::TruncateFile(const std::string& path, uint64_t size) {
  RETURN_IF_ERROR(Check(Op::kTruncate, path));
  RETURN_IF_ERROR(base_.TruncateFile(path, size));
  std::lock_guard lock(mu_);
  durable_[path] = size;
  return Status::Ok();
}

bool FaultInjectingFileSystem::PathExists(const std::string& path) {
  return base_.PathExists(path);
}

Result<uint64_t> FaultInjectingFileSystem::FileSize(const std::string& path) {
  return base_.FileSize(path);
}

Result<std::vector<ts::DirEntry>> FaultInjectingFileSystem::ListDirectory(const std::string& path) {
  return base_.ListDirectory(path);
}

Result<std::unique_ptr<ts::FileLock>> FaultInjectingFileSystem::LockFile(const std::string& path) {
  return base_.LockFile(path);
}

Status FaultInjectingFileSystem::Crash() {
  std::lock_guard lock(mu_);
  for (const auto& [path, size] : durable_) {
    if (!base_.PathExists(path)) continue;
    ASSIGN_OR_RETURN(uint64_t current, base_.FileSize(path));
    if (current > size) RETURN_IF_ERROR(base_.TruncateFile(path, size));
  }
  for (auto it = unsynced_.rbegin(); it != unsynced_.rend(); ++it) {
    switch (it->kind) {
      case Unsynced::Kind::kCreatedFile:
        RETURN_IF_ERROR(base_.RemoveFile(it->path));
        ForgetLocked(it->path);
        break;
      case Unsynced::Kind::kCreatedDirectory:
        RETURN_IF_ERROR(base_.RemoveTree(it->path));
        ForgetLocked(it->path);
        break;
      case Unsynced::Kind::kRenamed: {
        if (!base_.PathExists(it->path)) break;
        RETURN_IF_ERROR(base_.RenameFile(it->path, it->from));
        auto moved = durable_.find(it->path);
        if (moved != durable_.end()) {
          durable_[it->from] = moved->second;
          durable_.erase(moved);
        }
        if (it->replaced) {
          ASSIGN_OR_RETURN(auto file, base_.NewWritableFile(it->path));
          RETURN_IF_ERROR(file->Append(*it->replaced));
          RETURN_IF_ERROR(file->Sync());
          durable_[it->path] = it->replaced->size();
        }
        break;
      }
    }
  }
  unsynced_.clear();
  return Status::Ok();
}

}  // namespace sundial::testing
