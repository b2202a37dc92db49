#include "ts/engine.h"

// Engine's default bulk load: rows wait in memory for one atomic Append.

namespace sundial::ts {

namespace {

class BufferedBulkLoad final : public BulkLoad {
 public:
  BufferedBulkLoad(Engine& engine, uint32_t table_id) : engine_(engine), table_id_(table_id) {}

  Status Add(std::vector<DataChunk> chunks) override {
    for (DataChunk& chunk : chunks)
      chunks_.push_back(std::move(chunk));
    return Status::Ok();
  }

  Status Commit() override {
    std::vector<DataChunk> chunks = std::move(chunks_);
    chunks_.clear();
    return engine_.Append(table_id_, chunks);
  }

 private:
  Engine& engine_;
  const uint32_t table_id_;
  std::vector<DataChunk> chunks_;
};

}  // namespace

Result<std::unique_ptr<BulkLoad>> Engine::BeginBulkLoad(uint32_t table_id) {
  return std::unique_ptr<BulkLoad>(std::make_unique<BufferedBulkLoad>(*this, table_id));
}

}  // namespace sundial::ts
