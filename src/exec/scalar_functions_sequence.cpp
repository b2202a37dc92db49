#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/expression.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

const DataType kInt8 = DataType::Of(TypeId::kInt64);
const DataType kText = DataType::Of(TypeId::kText);
const DataType kBool = DataType::Of(TypeId::kBool);

Result<SequenceAccess*> Sequences(const EvalContext& context, std::string_view function) {
  if (context.sequences == nullptr) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         std::string(function) + "() needs a session");
  }
  return context.sequences;
}

// nextval: the rows are served in runs of the same sequence, each run by one
// call, so an INSERT ... SELECT of a million rows asks the sequence store a
// thousand times, not a million.
Status NextValue(const ColumnVector* args, size_t count, const EvalContext& context,
                 ColumnVector& out) {
  ASSIGN_OR_RETURN(SequenceAccess * sequences, Sequences(context, "nextval"));
  const auto* oids = args[0].data<int64_t>();
  auto* values = out.data<int64_t>();
  size_t i = 0;
  while (i < count) {
    if (args[0].IsNull(i)) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < count && !args[0].IsNull(end) && oids[end] == oids[i])
      ++end;
    RETURN_IF_ERROR(sequences->NextValues(oids[i], end - i, values + i));
    i = end;
  }
  return Status::Ok();
}

Status CurrentValue(const ColumnVector* args, size_t count, const EvalContext& context,
                    ColumnVector& out) {
  ASSIGN_OR_RETURN(SequenceAccess * sequences, Sequences(context, "currval"));
  const auto* oids = args[0].data<int64_t>();
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    if (args[0].IsNull(i)) continue;
    ASSIGN_OR_RETURN(values[i], sequences->CurrentValue(oids[i]));
  }
  return Status::Ok();
}

Status LastValue(const ColumnVector*, size_t count, const EvalContext& context, ColumnVector& out) {
  ASSIGN_OR_RETURN(SequenceAccess * sequences, Sequences(context, "lastval"));
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(values[i], sequences->LastValue());
  }
  return Status::Ok();
}

// setval(sequence, value [, is_called]): returns the value it was given.
// Without is_called (null) the next nextval returns value + increment.
Status SetValues(const ColumnVector* args, const uint8_t* is_called, size_t count,
                 const EvalContext& context, ColumnVector& out) {
  ASSIGN_OR_RETURN(SequenceAccess * sequences, Sequences(context, "setval"));
  const auto* oids = args[0].data<int64_t>();
  const auto* given = args[1].data<int64_t>();
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;
    RETURN_IF_ERROR(sequences->SetValue(oids[i], given[i], is_called == nullptr || is_called[i]));
    values[i] = given[i];
  }
  return Status::Ok();
}

Status SetValue(const ColumnVector* args, size_t count, const EvalContext& context,
                ColumnVector& out) {
  return SetValues(args, nullptr, count, context, out);
}

Status SetValueCalled(const ColumnVector* args, size_t count, const EvalContext& context,
                      ColumnVector& out) {
  return SetValues(args, args[2].data<uint8_t>(), count, context, out);
}

Status SerialSequence(const ColumnVector* args, size_t count, const EvalContext& context,
                      ColumnVector& out) {
  ASSIGN_OR_RETURN(SequenceAccess * sequences, Sequences(context, "pg_get_serial_sequence"));
  const auto* tables = args[0].data<std::string_view>();
  const auto* columns = args[1].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;
    ASSIGN_OR_RETURN(std::optional<std::string> name,
                     sequences->ColumnSequence(tables[i], columns[i]));
    if (name) {
      values[i] = out.AddString(*name);
    } else {
      out.SetNull(i, true);
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterSequenceFunctions(FunctionCatalog& catalog) {
  // The sequence is a regclass: the binder reads a name given as text into
  // its OID (ExprBinder's TakesRegclass), once, before any row is evaluated.
  catalog.AddVolatileScalar("nextval", {kInt8}, kInt8, NextValue);
  catalog.AddVolatileScalar("currval", {kInt8}, kInt8, CurrentValue);
  catalog.AddVolatileScalar("setval", {kInt8, kInt8}, kInt8, SetValue);
  catalog.AddVolatileScalar("setval", {kInt8, kInt8, kBool}, kInt8, SetValueCalled);
  catalog.AddVolatileScalar("lastval", {}, kInt8, LastValue);
  catalog.AddScalar("pg_get_serial_sequence", {kText, kText}, kText, SerialSequence);
}

}  // namespace sundial::exec
