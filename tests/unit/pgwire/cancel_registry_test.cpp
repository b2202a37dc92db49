#include "pgwire/cancel_registry.h"

#include <catch2/catch.hpp>

namespace sundial::pgwire {
namespace {

TEST_CASE("a cancel request with the right key reaches its session only", "[pgwire][cancel]") {
  CancelRegistry registry;
  int first = 0;
  int second = 0;
  BackendKey a = registry.Register([&] { ++first; });
  BackendKey b = registry.Register([&] { ++second; });
  CHECK(a.process_id != b.process_id);
  CHECK(a.process_id > 0);
  CHECK(registry.Cancel(a));
  CHECK(first == 1);
  CHECK(second == 0);
}

TEST_CASE("a wrong secret or unknown id cancels nothing", "[pgwire][cancel]") {
  CancelRegistry registry;
  int calls = 0;
  BackendKey key = registry.Register([&] { ++calls; });
  CHECK_FALSE(registry.Cancel({.process_id = key.process_id, .secret_key = key.secret_key + 1}));
  CHECK_FALSE(registry.Cancel({.process_id = key.process_id + 100, .secret_key = key.secret_key}));
  CHECK(calls == 0);
}

TEST_CASE("an unregistered session can no longer be cancelled", "[pgwire][cancel]") {
  CancelRegistry registry;
  int calls = 0;
  BackendKey key = registry.Register([&] { ++calls; });
  registry.Unregister(key.process_id);
  CHECK_FALSE(registry.Cancel(key));
  CHECK(calls == 0);
  CHECK(registry.size() == 0);
}

}  // namespace
}  // namespace sundial::pgwire
