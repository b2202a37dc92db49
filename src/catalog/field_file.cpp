#include "catalog/field_file.h"

#include <filesystem>

#include "ts/file_system.h"

namespace sundial::catalog {

Status ReplaceFile(const std::string& path, const std::string& contents) {
  ts::FileSystem& fs = ts::FileSystem::Default();
  const std::string temp = path + ".tmp";
  {
    ASSIGN_OR_RETURN(auto file, fs.NewWritableFile(temp));
    RETURN_IF_ERROR(file->Append(contents));
    RETURN_IF_ERROR(file->Sync());
  }
  RETURN_IF_ERROR(fs.RenameFile(temp, path));
  return fs.SyncDirectory(std::filesystem::path(path).parent_path().string());
}

}  // namespace sundial::catalog
