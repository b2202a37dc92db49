#include "catalog/sequence_definitions.h"

#include <algorithm>
#include <utility>

#include "catalog/field_file.h"
#include "ts/file_system.h"

namespace sundial::catalog {
namespace {

// The file starts with a version and the next sequence id; each sequence is
// a fixed sequence of fields (see AppendSequence).
constexpr std::string_view kFormatVersion = "sundial-sequences-1";

void AppendSequence(const SequenceDefinition& sequence, int64_t logged_value, bool logged_is_called,
                    FieldWriter& out) {
  const SequenceOptions& options = sequence.options;
  out.Add(sequence.sequence_id);
  out.Add(sequence.name);
  out.Add(static_cast<int64_t>(options.type));
  out.Add(options.increment);
  out.Add(options.min_value);
  out.Add(options.max_value);
  out.Add(options.start_value);
  out.Add(options.cache);
  out.Add(options.cycle ? 1 : 0);
  out.Add(sequence.owner_table_id);
  out.Add(sequence.owner_column_id);
  out.Add(static_cast<int64_t>(sequence.identity));
  out.Add(logged_value);
  out.Add(logged_is_called ? 1 : 0);
}

std::optional<SequenceDefinition> ReadSequence(FieldReader& in) {
  SequenceDefinition sequence;
  auto id = in.NextNumber<uint32_t>();
  auto name = in.Next();
  auto type = in.NextNumber<int>();
  auto increment = in.NextNumber<int64_t>();
  auto min_value = in.NextNumber<int64_t>();
  auto max_value = in.NextNumber<int64_t>();
  auto start_value = in.NextNumber<int64_t>();
  auto cache = in.NextNumber<int64_t>();
  auto cycle = in.NextNumber<int>();
  auto owner_table = in.NextNumber<uint32_t>();
  auto owner_column = in.NextNumber<int>();
  auto identity = in.NextNumber<int>();
  auto last_value = in.NextNumber<int64_t>();
  auto is_called = in.NextNumber<int>();
  if (!id || !name || !type || !increment || !min_value || !max_value || !start_value || !cache ||
      !cycle || !owner_table || !owner_column || !identity || !last_value || !is_called) {
    return std::nullopt;
  }
  sequence.sequence_id = *id;
  sequence.name = *name;
  sequence.options = SequenceOptions{.type = static_cast<TypeId>(*type),
                                     .increment = *increment,
                                     .min_value = *min_value,
                                     .max_value = *max_value,
                                     .start_value = *start_value,
                                     .cache = *cache,
                                     .cycle = *cycle != 0};
  sequence.owner_table_id = *owner_table;
  sequence.owner_column_id = *owner_column;
  sequence.identity = static_cast<char>(*identity);
  sequence.last_value = *last_value;
  sequence.is_called = *is_called != 0;
  const SequenceOptions& options = sequence.options;
  const bool integer_type = options.type == TypeId::kInt16 || options.type == TypeId::kInt32 ||
                            options.type == TypeId::kInt64;
  const bool identity_known =
      sequence.identity == 0 || sequence.identity == 'a' || sequence.identity == 'd';
  if (!integer_type || options.increment == 0 || options.min_value >= options.max_value ||
      options.cache < 1 || !identity_known) {
    return std::nullopt;
  }
  return sequence;
}

// What the file records after nextval returned `value`: `value` moved
// `steps` increments on, stopping at the sequence's bound. A cycling
// sequence resumed at its bound would wrap onto the values handed out since
// its last wrap, so within reach of the bound it logs `value` exactly.
int64_t StepsAhead(const SequenceOptions& options, int64_t value, int64_t steps) {
  const bool ascending = options.increment > 0;
  const int64_t bound = ascending ? options.max_value : options.min_value;
  int64_t distance = 0;
  int64_t ahead = 0;
  if (__builtin_mul_overflow(options.increment, steps, &distance) ||
      __builtin_add_overflow(value, distance, &ahead) ||
      (ascending ? ahead >= bound : ahead <= bound)) {
    return options.cycle ? value : bound;
  }
  return ahead;
}

}  // namespace

Result<std::unique_ptr<SequenceDefinitions>> SequenceDefinitions::Open(std::string path) {
  auto sequences = std::make_unique<SequenceDefinitions>(path);
  ts::FileSystem& fs = ts::FileSystem::Default();
  if (!fs.PathExists(path)) return sequences;
  ASSIGN_OR_RETURN(std::string contents, fs.ReadWholeFile(path));
  auto malformed = [&] {
    return Status::Error(ErrorCode::kCorruption, "sequence file \"" + path + "\" is malformed");
  };
  FieldReader in(contents);
  auto version = in.Next();
  auto next_id = in.NextNumber<uint32_t>();
  if (!version || *version != kFormatVersion || !next_id) return malformed();
  sequences->next_sequence_id_ = *next_id;
  while (!in.done()) {
    std::optional<SequenceDefinition> sequence = ReadSequence(in);
    if (!sequence) return malformed();
    // After a restart the sequence goes on from what was logged: past every
    // value handed out before.
    const int64_t logged_value = sequence->last_value;
    const bool logged_is_called = sequence->is_called;
    sequences->sequences_.push_back(Entry{.definition = std::move(*sequence),
                                          .logged_value = logged_value,
                                          .logged_is_called = logged_is_called});
  }
  return sequences;
}

std::optional<SequenceDefinition> SequenceDefinitions::Find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const Entry& entry : sequences_) {
    if (entry.definition.name == name) return Published(entry);
  }
  return std::nullopt;
}

std::optional<SequenceDefinition> SequenceDefinitions::FindByOid(uint32_t oid) const {
  std::lock_guard lock(mutex_);
  for (const Entry& entry : sequences_) {
    if (entry.definition.oid() == oid) return Published(entry);
  }
  return std::nullopt;
}

std::vector<SequenceDefinition> SequenceDefinitions::List() const {
  std::lock_guard lock(mutex_);
  std::vector<SequenceDefinition> list;
  for (const Entry& entry : sequences_)
    list.push_back(Published(entry));
  return list;
}

std::vector<SequenceDefinition> SequenceDefinitions::OwnedBy(uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  std::vector<SequenceDefinition> owned;
  for (const Entry& entry : sequences_) {
    if (entry.definition.owner_table_id == table_id) owned.push_back(Published(entry));
  }
  return owned;
}

Result<SequenceDefinition> SequenceDefinitions::Create(SequenceDefinition sequence) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(failure_);
  for (const Entry& existing : sequences_) {
    if (existing.definition.name == sequence.name) {
      return Status::Error(ErrorCode::kDuplicateTable,
                           "relation \"" + sequence.name + "\" already exists");
    }
  }
  sequence.sequence_id = next_sequence_id_++;
  sequences_.push_back(Entry{.definition = sequence,
                             .logged_value = sequence.last_value,
                             .logged_is_called = sequence.is_called});
  Status persisted = Persist();
  if (!persisted.ok()) {
    sequences_.pop_back();
    return persisted;
  }
  return sequence;
}

Status SequenceDefinitions::Replace(const SequenceDefinition& sequence,
                                    std::optional<int64_t> restart_at) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(failure_);
  Entry* entry = FindEntry(sequence.oid());
  if (entry == nullptr) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "relation \"" + sequence.name + "\" does not exist");
  }
  const Entry previous = *entry;
  const int64_t last_value = entry->definition.last_value;
  const bool is_called = entry->definition.is_called;
  entry->definition = sequence;
  if (restart_at) {
    entry->definition.last_value = *restart_at;
    entry->definition.is_called = false;
  } else {
    entry->definition.last_value = last_value;
    entry->definition.is_called = is_called;
  }
  // A value logged ahead under the old increment and bounds may lie outside
  // the new bounds or behind the new direction: log exactly, as
  // PostgreSQL's ALTER SEQUENCE does.
  entry->logged_value = entry->definition.last_value;
  entry->logged_is_called = entry->definition.is_called;
  Status persisted = Persist();
  if (!persisted.ok()) *entry = previous;
  return persisted;
}

Status SequenceDefinitions::Drop(uint32_t sequence_id) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(failure_);
  auto it = std::find_if(sequences_.begin(), sequences_.end(), [&](const Entry& entry) {
    return entry.definition.sequence_id == sequence_id;
  });
  if (it == sequences_.end()) return Status::Ok();
  Entry removed = std::move(*it);
  const auto index = it - sequences_.begin();
  sequences_.erase(it);
  Status persisted = Persist();
  if (!persisted.ok()) sequences_.insert(sequences_.begin() + index, std::move(removed));
  return persisted;
}

Status SequenceDefinitions::NextValues(uint32_t oid, size_t count, int64_t* out) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(failure_);
  ASSIGN_OR_RETURN(Entry * entry, ExistingEntry(oid));
  SequenceDefinition& sequence = entry->definition;
  const SequenceOptions& options = sequence.options;
  const bool ascending = options.increment > 0;
  int64_t value = sequence.last_value;
  bool called = sequence.is_called;
  bool wrapped = false;
  for (size_t i = 0; i < count; ++i) {
    if (called) {
      int64_t next = 0;
      const bool overflow = __builtin_add_overflow(value, options.increment, &next);
      if (overflow || next > options.max_value || next < options.min_value) {
        if (!options.cycle) {
          const int64_t bound = ascending ? options.max_value : options.min_value;
          return Status::Error(ErrorCode::kSequenceGeneratorLimitExceeded,
                               std::string("nextval: reached ") +
                                   (ascending ? "maximum" : "minimum") + " value of sequence \"" +
                                   sequence.name + "\" (" + std::to_string(bound) + ")");
        }
        next = ascending ? options.min_value : options.max_value;
        wrapped = true;
      }
      value = next;
    }
    called = true;
    out[i] = value;
  }
  if (count == 0) return Status::Ok();
  const bool past_log = ascending ? value > entry->logged_value : value < entry->logged_value;
  if (entry->logged_is_called && !past_log && !wrapped) {
    sequence.last_value = value;
    sequence.is_called = true;
    return Status::Ok();
  }
  // After a wrap the values ahead are ones handed out before: log exactly.
  const Entry previous = *entry;
  sequence.last_value = value;
  sequence.is_called = true;
  entry->logged_value =
      wrapped ? value
              : StepsAhead(options, value, kValuesLoggedAhead * static_cast<int64_t>(count));
  entry->logged_is_called = true;
  Status persisted = Persist();
  if (!persisted.ok()) *entry = previous;
  return persisted;
}

Status SequenceDefinitions::SetValue(uint32_t oid, int64_t value, bool is_called) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(failure_);
  ASSIGN_OR_RETURN(Entry * entry, ExistingEntry(oid));
  const SequenceOptions& options = entry->definition.options;
  if (value < options.min_value || value > options.max_value) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange,
                         "setval: value " + std::to_string(value) +
                             " is out of bounds for sequence \"" + entry->definition.name + "\" (" +
                             std::to_string(options.min_value) + ".." +
                             std::to_string(options.max_value) + ")");
  }
  const Entry previous = *entry;
  entry->definition.last_value = value;
  entry->definition.is_called = is_called;
  entry->logged_value = value;
  entry->logged_is_called = is_called;
  Status persisted = Persist();
  if (!persisted.ok()) *entry = previous;
  return persisted;
}

SequenceDefinition SequenceDefinitions::Published(const Entry& entry) {
  SequenceDefinition published = entry.definition;
  // Whole steps between the value handed out last and the one logged.
  if (published.is_called && entry.logged_is_called) {
    published.log_count = (entry.logged_value - published.last_value) / published.options.increment;
  }
  return published;
}

Result<SequenceDefinitions::Entry*> SequenceDefinitions::ExistingEntry(uint32_t oid) {
  Entry* entry = FindEntry(oid);
  if (entry == nullptr) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "could not open relation with OID " + std::to_string(oid));
  }
  return entry;
}

SequenceDefinitions::Entry* SequenceDefinitions::FindEntry(uint32_t oid) {
  for (Entry& entry : sequences_) {
    if (entry.definition.oid() == oid) return &entry;
  }
  return nullptr;
}

Status SequenceDefinitions::Persist() {
  FieldWriter out;
  out.Add(kFormatVersion);
  out.Add(next_sequence_id_);
  for (const Entry& entry : sequences_)
    AppendSequence(entry.definition, entry.logged_value, entry.logged_is_called, out);
  failure_ = ReplaceFile(path_, out.text());
  return failure_;
}

}  // namespace sundial::catalog
