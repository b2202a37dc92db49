#include "catalog/view_definitions.h"

#include <algorithm>
#include <charconv>

#include "catalog/field_file.h"
#include "ts/file_system.h"

namespace sundial::catalog {
namespace {

// The file starts with a version and the next view id; each view is a
// fixed sequence of fields (see AppendView).
constexpr std::string_view kFormatVersion = "sundial-views-1";

void AppendView(const ViewDefinition& view, FieldWriter& out) {
  out.Add(view.view_id);
  out.Add(view.name);
  out.Add(view.query);
  out.Add(view.time_zone);
  out.Add(static_cast<int64_t>(view.column_names.size()));
  for (size_t i = 0; i < view.column_names.size(); ++i) {
    const DataType& type = view.column_types[i];
    out.Add(view.column_names[i]);
    out.Add(static_cast<int64_t>(type.id));
    out.Add(type.max_length);
    out.Add(static_cast<int64_t>(type.element));
  }
  out.Add(static_cast<int64_t>(view.referenced_oids.size()));
  for (uint32_t id : view.referenced_oids)
    out.Add(id);
  if (!view.continuous) {
    out.Add(0);
    return;
  }
  const ContinuousAggregate& cagg = *view.continuous;
  out.Add(1);
  out.Add(cagg.source_table_id);
  out.Add(cagg.materialization_table_id);
  out.Add(cagg.bucket_column);
  out.Add(cagg.bucket_width_micros);
  out.Add(cagg.bucket_origin_micros);
  out.Add(cagg.materialized_only ? 1 : 0);
  out.Add(static_cast<int64_t>(cagg.current_ranges.size()));
  for (const auto& [begin, end] : cagg.current_ranges) {
    out.Add(begin);
    out.Add(end);
  }
}

std::optional<DataType> ReadType(FieldReader& in) {
  auto id = in.NextNumber<int>();
  auto max_length = in.NextNumber<int32_t>();
  auto element = in.NextNumber<int>();
  if (!id || !max_length || !element) return std::nullopt;
  return DataType{.id = static_cast<TypeId>(*id),
                  .max_length = *max_length,
                  .element = static_cast<TypeId>(*element)};
}

std::optional<ContinuousAggregate> ReadContinuousAggregate(FieldReader& in) {
  ContinuousAggregate cagg;
  auto source = in.NextNumber<uint32_t>();
  auto materialization = in.NextNumber<uint32_t>();
  auto bucket_column = in.NextNumber<int>();
  auto width = in.NextNumber<int64_t>();
  auto origin = in.NextNumber<int64_t>();
  auto materialized_only = in.NextNumber<int>();
  auto ranges = in.NextNumber<size_t>();
  if (!source || !materialization || !bucket_column || !width || !origin || !materialized_only ||
      !ranges) {
    return std::nullopt;
  }
  cagg.source_table_id = *source;
  cagg.materialization_table_id = *materialization;
  cagg.bucket_column = *bucket_column;
  cagg.bucket_width_micros = *width;
  cagg.bucket_origin_micros = *origin;
  cagg.materialized_only = *materialized_only != 0;
  for (size_t i = 0; i < *ranges; ++i) {
    auto begin = in.NextNumber<int64_t>();
    auto end = in.NextNumber<int64_t>();
    if (!begin || !end) return std::nullopt;
    cagg.current_ranges.emplace_back(*begin, *end);
  }
  return cagg;
}

std::optional<ViewDefinition> ReadView(FieldReader& in) {
  ViewDefinition view;
  auto id = in.NextNumber<uint32_t>();
  auto name = in.Next();
  auto query = in.Next();
  auto time_zone = in.Next();
  auto columns = in.NextNumber<size_t>();
  if (!id || !name || !query || !time_zone || !columns) return std::nullopt;
  view.view_id = *id;
  view.name = *name;
  view.query = *query;
  view.time_zone = *time_zone;
  for (size_t i = 0; i < *columns; ++i) {
    auto column_name = in.Next();
    if (!column_name) return std::nullopt;
    std::optional<DataType> type = ReadType(in);
    if (!type) return std::nullopt;
    view.column_names.emplace_back(*column_name);
    view.column_types.push_back(*type);
  }
  auto tables = in.NextNumber<size_t>();
  if (!tables) return std::nullopt;
  for (size_t i = 0; i < *tables; ++i) {
    auto table = in.NextNumber<uint32_t>();
    if (!table) return std::nullopt;
    view.referenced_oids.push_back(*table);
  }
  auto continuous = in.NextNumber<int>();
  if (!continuous) return std::nullopt;
  if (*continuous != 0) {
    view.continuous = ReadContinuousAggregate(in);
    if (!view.continuous) return std::nullopt;
  }
  return view;
}

}  // namespace

Result<std::unique_ptr<ViewDefinitions>> ViewDefinitions::Open(std::string path) {
  auto views = std::make_unique<ViewDefinitions>(path);
  ts::FileSystem& fs = ts::FileSystem::Default();
  if (!fs.PathExists(path)) return views;
  ASSIGN_OR_RETURN(std::string contents, fs.ReadWholeFile(path));
  auto malformed = [&] {
    return Status::Error(ErrorCode::kCorruption, "view file \"" + path + "\" is malformed");
  };
  FieldReader in(contents);
  auto version = in.Next();
  auto next_id = in.NextNumber<uint32_t>();
  if (!version || *version != kFormatVersion || !next_id) return malformed();
  views->next_view_id_ = *next_id;
  while (!in.done()) {
    std::optional<ViewDefinition> view = ReadView(in);
    if (!view) return malformed();
    views->views_.push_back(std::move(*view));
  }
  return views;
}

std::optional<ViewDefinition> ViewDefinitions::Find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const ViewDefinition& view : views_) {
    if (view.name == name) return view;
  }
  return std::nullopt;
}

std::optional<ViewDefinition> ViewDefinitions::FindByOid(uint32_t oid) const {
  std::lock_guard lock(mutex_);
  for (const ViewDefinition& view : views_) {
    if (view.oid() == oid) return view;
  }
  return std::nullopt;
}

std::vector<ViewDefinition> ViewDefinitions::List() const {
  std::lock_guard lock(mutex_);
  return views_;
}

bool ViewDefinitions::HasContinuousAggregateOn(uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  return std::any_of(views_.begin(), views_.end(), [&](const ViewDefinition& view) {
    return view.continuous && view.continuous->source_table_id == table_id;
  });
}

std::vector<ViewDefinition> ViewDefinitions::DependingOn(uint32_t oid) const {
  std::lock_guard lock(mutex_);
  std::vector<ViewDefinition> depending;
  for (const ViewDefinition& view : views_) {
    if (std::find(view.referenced_oids.begin(), view.referenced_oids.end(), oid) !=
        view.referenced_oids.end()) {
      depending.push_back(view);
    }
  }
  return depending;
}

Result<ViewDefinition> ViewDefinitions::Create(ViewDefinition view) {
  std::lock_guard lock(mutex_);
  for (const ViewDefinition& existing : views_) {
    if (existing.name == view.name) {
      return Status::Error(ErrorCode::kDuplicateTable,
                           "relation \"" + view.name + "\" already exists");
    }
  }
  view.view_id = next_view_id_++;
  views_.push_back(view);
  Status persisted = Persist();
  if (!persisted.ok()) {
    views_.pop_back();
    return persisted;
  }
  return view;
}

Status ViewDefinitions::Replace(const ViewDefinition& view) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(views_.begin(), views_.end(),
                         [&](const ViewDefinition& v) { return v.view_id == view.view_id; });
  if (it == views_.end()) {
    return Status::Error(ErrorCode::kUndefinedTable, "view \"" + view.name + "\" does not exist");
  }
  ViewDefinition previous = std::exchange(*it, view);
  Status persisted = Persist();
  if (!persisted.ok()) *it = std::move(previous);
  return persisted;
}

Status ViewDefinitions::Drop(uint32_t view_id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(views_.begin(), views_.end(),
                         [&](const ViewDefinition& v) { return v.view_id == view_id; });
  if (it == views_.end()) return Status::Ok();
  ViewDefinition removed = std::move(*it);
  const auto index = it - views_.begin();
  views_.erase(it);
  Status persisted = Persist();
  if (!persisted.ok()) views_.insert(views_.begin() + index, std::move(removed));
  return persisted;
}

Status ViewDefinitions::Persist() const {
  FieldWriter out;
  out.Add(kFormatVersion);
  out.Add(next_view_id_);
  for (const ViewDefinition& view : views_)
    AppendView(view, out);
  return ReplaceFile(path_, out.text());
}

}  // namespace sundial::catalog
