#include "catalog/index_definitions.h"

#include <algorithm>

#include "catalog/field_file.h"
#include "ts/file_system.h"

namespace sundial::catalog {
namespace {

// A version and the next index id, then each index as the fields
// AppendIndex writes. Version 1 files lack the constraint field.
constexpr std::string_view kFormatVersion = "sundial-indexes-2";
constexpr std::string_view kFormatVersionWithoutConstraints = "sundial-indexes-1";

void AppendIndex(const IndexDefinition& index, FieldWriter& out) {
  out.Add(index.index_id);
  out.Add(index.name);
  out.Add(index.table_id);
  out.Add(index.method);
  out.Add(index.predicate);
  out.Add(index.sets_segment_by ? 1 : 0);
  out.Add(static_cast<int64_t>(index.constraint));
  out.Add(static_cast<int64_t>(index.elements.size()));
  for (const IndexDefinition::Element& element : index.elements) {
    out.Add(element.column_id);
    out.Add(element.expression);
    out.Add(element.descending ? 1 : 0);
    out.Add(element.nulls_first ? 1 : 0);
  }
}

std::optional<IndexDefinition> ReadIndex(FieldReader& in, bool has_constraint) {
  IndexDefinition index;
  auto id = in.NextNumber<uint32_t>();
  auto name = in.Next();
  auto table = in.NextNumber<uint32_t>();
  auto method = in.Next();
  auto predicate = in.Next();
  auto sets_segment_by = in.NextNumber<int>();
  std::optional<int> constraint = 0;
  if (has_constraint) constraint = in.NextNumber<int>();
  auto elements = in.NextNumber<size_t>();
  if (!id || !name || !table || !method || !predicate || !sets_segment_by || !constraint ||
      !elements || (*constraint != 0 && *constraint != 'p' && *constraint != 'u')) {
    return std::nullopt;
  }
  index.constraint = static_cast<char>(*constraint);
  index.index_id = *id;
  index.name = *name;
  index.table_id = *table;
  index.method = *method;
  index.predicate = *predicate;
  index.sets_segment_by = *sets_segment_by != 0;
  for (size_t i = 0; i < *elements; ++i) {
    auto column = in.NextNumber<int64_t>();
    auto expression = in.Next();
    auto descending = in.NextNumber<int>();
    auto nulls_first = in.NextNumber<int>();
    if (!column || !expression || !descending || !nulls_first) return std::nullopt;
    index.elements.push_back(IndexDefinition::Element{.column_id = *column,
                                                      .expression = std::string(*expression),
                                                      .descending = *descending != 0,
                                                      .nulls_first = *nulls_first != 0});
  }
  return index;
}

}  // namespace

Result<std::unique_ptr<IndexDefinitions>> IndexDefinitions::Open(std::string path) {
  auto indexes = std::make_unique<IndexDefinitions>(path);
  ts::FileSystem& fs = ts::FileSystem::Default();
  if (!fs.PathExists(path)) return indexes;
  ASSIGN_OR_RETURN(std::string contents, fs.ReadWholeFile(path));
  FieldReader in(contents);
  auto version = in.Next();
  auto next_id = in.NextNumber<uint32_t>();
  const bool current = version && *version == kFormatVersion;
  if (!version || (!current && *version != kFormatVersionWithoutConstraints) || !next_id) {
    return Status::Error(ErrorCode::kCorruption, "index file \"" + path + "\" is malformed");
  }
  indexes->next_index_id_ = *next_id;
  while (!in.done()) {
    std::optional<IndexDefinition> index = ReadIndex(in, current);
    if (!index) {
      return Status::Error(ErrorCode::kCorruption, "index file \"" + path + "\" is malformed");
    }
    indexes->indexes_.push_back(std::move(*index));
  }
  return indexes;
}

std::optional<IndexDefinition> IndexDefinitions::Find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const IndexDefinition& index : indexes_) {
    if (index.name == name) return index;
  }
  return std::nullopt;
}

std::vector<IndexDefinition> IndexDefinitions::List() const {
  std::lock_guard lock(mutex_);
  return indexes_;
}

std::vector<IndexDefinition> IndexDefinitions::OfTable(uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  std::vector<IndexDefinition> of_table;
  for (const IndexDefinition& index : indexes_) {
    if (index.table_id == table_id) of_table.push_back(index);
  }
  return of_table;
}

Result<IndexDefinition> IndexDefinitions::Create(IndexDefinition index) {
  std::lock_guard lock(mutex_);
  for (const IndexDefinition& existing : indexes_) {
    if (existing.name == index.name) {
      return Status::Error(ErrorCode::kDuplicateTable,
                           "relation \"" + index.name + "\" already exists");
    }
  }
  index.index_id = next_index_id_++;
  indexes_.push_back(index);
  Status persisted = Persist();
  if (!persisted.ok()) {
    indexes_.pop_back();
    return persisted;
  }
  return index;
}

Status IndexDefinitions::Drop(uint32_t index_id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(indexes_.begin(), indexes_.end(),
                         [&](const IndexDefinition& i) { return i.index_id == index_id; });
  if (it == indexes_.end()) return Status::Ok();
  const auto position = it - indexes_.begin();
  IndexDefinition removed = std::move(*it);
  indexes_.erase(it);
  Status persisted = Persist();
  if (!persisted.ok()) indexes_.insert(indexes_.begin() + position, std::move(removed));
  return persisted;
}

Status IndexDefinitions::Persist() const {
  FieldWriter out;
  out.Add(kFormatVersion);
  out.Add(next_index_id_);
  for (const IndexDefinition& index : indexes_)
    AppendIndex(index, out);
  return ReplaceFile(path_, out.text());
}

}  // namespace sundial::catalog
