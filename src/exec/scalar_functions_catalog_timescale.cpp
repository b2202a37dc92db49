#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "exec/expression.h"
#include "exec/function_catalog.h"

// TimescaleDB's scalar functions over the store's sizes and chunks:
// hypertable_size, approximate_row_count, compress_chunk and
// decompress_chunk. Sundial writes every segment compressed, so every chunk
// is compressed from its first flush and none can be decompressed.
namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kBool = DataType::Of(TypeId::kBool);
const DataType kOid = DataType::Of(TypeId::kInt64);

using Sizes = std::optional<catalog::Catalog::TableSizes>;

Result<Sizes> SizesAt(const ColumnVector& oids, size_t row, const EvalContext& context) {
  if (oids.IsNull(row) || context.catalog == nullptr) return Sizes();
  return context.catalog->UserTableSizes(static_cast<uint32_t>(oids.data<int64_t>()[row]));
}

// Total bytes of a hypertable; NULL for any other relation, as TimescaleDB
// answers (its hypertable_detailed_size has no row for them).
Status HypertableSize(const ColumnVector* args, size_t count, const EvalContext& context,
                      ColumnVector& out) {
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(Sizes sizes, SizesAt(args[0], i, context));
    const bool hypertable = sizes && sizes->table.is_hypertable();
    out.SetNull(i, !hypertable);
    values[i] = hypertable ? static_cast<int64_t>(sizes->stats.disk_bytes) : 0;
  }
  return Status::Ok();
}

// The rows of a table or hypertable, counted exactly (the store knows them
// without a scan); 0 for a relation holding no user rows, as TimescaleDB
// answers for one without statistics.
Status ApproximateRowCount(const ColumnVector* args, size_t count, const EvalContext& context,
                           ColumnVector& out) {
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(Sizes sizes, SizesAt(args[0], i, context));
    out.SetNull(i, args[0].IsNull(i));
    values[i] = sizes ? static_cast<int64_t>(sizes->stats.row_count) : 0;
  }
  return Status::Ok();
}

Result<std::string> ExistingChunk(std::string_view name, const EvalContext& context) {
  std::optional<std::string> chunk;
  if (context.catalog != nullptr) {
    ASSIGN_OR_RETURN(chunk, context.catalog->FindChunk(name));
  }
  if (!chunk) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "relation \"" + std::string(name) + "\" does not exist")
        .WithHint("Name a chunk as show_chunks() lists it.");
  }
  return *chunk;
}

// compress_chunk(chunk, if_not_compressed): the chunk, already compressed;
// with if_not_compressed false that is an error, as in TimescaleDB.
Status CompressChunk(const ColumnVector* args, size_t count, const EvalContext& context,
                     ColumnVector& out) {
  const auto* names = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(std::string chunk, ExistingChunk(names[i], context));
    if (!args[1].IsNull(i) && !args[1].data<bool>()[i]) {
      return Status::Error(ErrorCode::kDuplicateObject,
                           "chunk \"" + chunk + "\" is already compressed")
          .WithDetail("Sundial compresses every chunk as it writes it.");
    }
    values[i] = out.AddString(chunk);
  }
  return Status::Ok();
}

// decompress_chunk: Sundial keeps no uncompressed chunks.
Status DecompressChunk(const ColumnVector* args, size_t count, const EvalContext& context,
                       ColumnVector&) {
  const auto* names = args[0].data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(std::string chunk, ExistingChunk(names[i], context));
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "decompressing chunk \"" + chunk + "\" is not supported")
        .WithDetail("Sundial keeps every chunk compressed; queries and writes work on them as is.");
  }
  return Status::Ok();
}

}  // namespace

void RegisterTimescaleSizeFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("hypertable_size", {kOid}, kOid, HypertableSize);
  catalog.AddScalar("approximate_row_count", {kOid}, kOid, ApproximateRowCount);
  // recompress (the third argument) has nothing to redo.
  catalog.AddScalar("compress_chunk", {kText, kBool, kBool}, kText, CompressChunk);
  catalog.AddScalar("decompress_chunk", {kText, kBool}, kText, DecompressChunk);
}

}  // namespace sundial::exec
