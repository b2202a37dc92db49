#include "sql/session_sequences.h"

#include "catalog/catalog.h"
#include "common/quote_ident.h"

namespace sundial::sql {

Status SessionSequences::CheckSequence(int64_t oid) const {
  const auto relation = static_cast<uint32_t>(oid);
  if (oid >= 0 && oid <= UINT32_MAX && catalog_.sequences().FindByOid(relation)) {
    return Status::Ok();
  }
  std::optional<std::string> name =
      oid >= 0 && oid <= UINT32_MAX ? catalog_.RelationName(relation) : std::nullopt;
  if (name) {
    return Status::Error(ErrorCode::kWrongObjectType, "\"" + *name + "\" is not a sequence");
  }
  return Status::Error(ErrorCode::kUndefinedTable,
                       "could not open relation with OID " + std::to_string(oid));
}

Status SessionSequences::NextValues(int64_t oid, size_t count, int64_t* out) {
  RETURN_IF_ERROR(CheckSequence(oid));
  RETURN_IF_ERROR(catalog_.sequences().NextValues(static_cast<uint32_t>(oid), count, out));
  if (count == 0) return Status::Ok();
  std::lock_guard lock(mutex_);
  current_values_[oid] = out[count - 1];
  last_used_ = oid;
  return Status::Ok();
}

Result<int64_t> SessionSequences::CurrentValue(int64_t oid) {
  RETURN_IF_ERROR(CheckSequence(oid));
  std::lock_guard lock(mutex_);
  auto it = current_values_.find(oid);
  if (it == current_values_.end()) {
    const std::string name = catalog_.RelationName(static_cast<uint32_t>(oid)).value_or("");
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "currval of sequence \"" + name + "\" is not yet defined in this session");
  }
  return it->second;
}

Result<int64_t> SessionSequences::LastValue() {
  std::lock_guard lock(mutex_);
  // PostgreSQL also answers so once that sequence has been dropped.
  if (!last_used_ || !catalog_.sequences().FindByOid(static_cast<uint32_t>(*last_used_))) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "lastval is not yet defined in this session");
  }
  return current_values_.at(*last_used_);
}

Status SessionSequences::SetValue(int64_t oid, int64_t value, bool is_called) {
  RETURN_IF_ERROR(CheckSequence(oid));
  RETURN_IF_ERROR(catalog_.sequences().SetValue(static_cast<uint32_t>(oid), value, is_called));
  // PostgreSQL's setval sets currval only when the value counts as
  // returned, and never changes which sequence lastval reads.
  if (is_called) {
    std::lock_guard lock(mutex_);
    current_values_[oid] = value;
  }
  return Status::Ok();
}

Result<std::optional<std::string>> SessionSequences::ColumnSequence(std::string_view table,
                                                                    std::string_view column) {
  ASSIGN_OR_RETURN(uint32_t oid, catalog_.ParseRegclass(table));
  for (const ts::TableSchema& schema : catalog_.ListTables()) {
    if (catalog::UserRelationOid(schema.table_id) != oid) continue;
    // The column name is taken as written, as if double-quoted.
    const int index = schema.FindColumn(std::string(column));
    if (index < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + std::string(column) +
                                                            "\" of relation \"" + schema.name +
                                                            "\" does not exist");
    }
    const int column_id = static_cast<int>(schema.columns[index].column_id);
    for (const catalog::SequenceDefinition& sequence :
         catalog_.sequences().OwnedBy(schema.table_id)) {
      if (sequence.owner_column_id == column_id) {
        return std::optional<std::string>("public." + QuoteIdent(sequence.name));
      }
    }
    return std::optional<std::string>();
  }
  return std::optional<std::string>();
}

}  // namespace sundial::sql
