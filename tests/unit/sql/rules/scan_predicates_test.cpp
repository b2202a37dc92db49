#include "logical_test_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql::testing {
namespace {

exec::ExprPtr Time(int64_t micros) {
  return exec::MakeConstant(Value::TimestampTz(micros));
}

TEST_CASE("Comparisons with constants become the scan's time range and store predicates",
          "[sql][rules][scan_predicates]") {
  auto get = std::make_shared<LogicalGet>(As<LogicalGet>(*Get(CpuTable())));
  get->filters = {Op(">=", Col(0, TypeId::kTimestampTz), Time(1000)),
                  Op(">", Time(5000), Col(0, TypeId::kTimestampTz)),
                  Op("=", Col(1, TypeId::kText), Text("h1")),
                  Op(">", Col(2, TypeId::kFloat64), Col(2, TypeId::kFloat64))};
  CHECK(Explain(PushFiltersIntoScans(get)) ==
        "Filter ($2 > $2)\n"
        "  ->  Scan table=1 columns=[0, 1, 2] time_range=[1000, 5000) "
        "predicates=[#0 >= '1970-01-01 00:00:00.001+00', #0 < '1970-01-01 00:00:00.005+00', "
        "#1 = 'h1']");
}

exec::ExprPtr OuterParam(int slot, TypeId type) {
  return std::make_shared<const exec::Expr>(
      exec::Expr{.kind = exec::ExprKind::kOuterParam, .type = Type(type), .column = slot});
}

TEST_CASE("Comparisons with the outer row become per-run scan terms and stay filters",
          "[sql][rules][scan_predicates][lateral]") {
  auto get = std::make_shared<LogicalGet>(As<LogicalGet>(*Get(CpuTable())));
  get->spec.columns = {2, 1, 0};
  get->output_types = {Type(TypeId::kFloat64), Type(TypeId::kText), Type(TypeId::kTimestampTz)};
  get->filters = {Op("=", OuterParam(0, TypeId::kText), Col(1, TypeId::kText)),
                  Op("<", OuterParam(1, TypeId::kTimestampTz), Col(2, TypeId::kTimestampTz)),
                  // Not for the store: text order, another column, a float column
                  // against an integer outer value.
                  Op("<", Col(1, TypeId::kText), OuterParam(0, TypeId::kText)),
                  Op(">", Col(0, TypeId::kFloat64), Col(0, TypeId::kFloat64)),
                  Op(">", Col(0, TypeId::kFloat64), OuterParam(2, TypeId::kInt32))};
  CHECK(Explain(PushFiltersIntoScans(get)) ==
        "Filter ((outer_param.$0 = $1) AND (outer_param.$1 < $2) AND ($1 < outer_param.$0) AND "
        "($0 > $0) AND ($0 > outer_param.$2))\n"
        "  ->  Scan table=1 columns=[2, 1, 0] per_run=[#1 = outer_param.$0, #0 > "
        "outer_param.$1]");
}

TEST_CASE("Scan predicates name table columns when the scan reads some of them",
          "[sql][rules][scan_predicates]") {
  auto get = std::make_shared<LogicalGet>(As<LogicalGet>(*Get(HostsTable())));
  get->spec.columns = {2, 1};
  get->output_types = {Type(TypeId::kInt32), Type(TypeId::kText)};
  get->filters = {Op("=", Col(1, TypeId::kText), Text("ann")),
                  Op("<", Col(0, TypeId::kInt32), Int(3))};
  CHECK(Explain(PushFiltersIntoScans(get)) ==
        "Scan table=2 columns=[2, 1] predicates=[#1 = 'ann', #2 < 3]");
}

TEST_CASE("Text is compared in the store only for equality", "[sql][rules][scan_predicates]") {
  auto get = std::make_shared<LogicalGet>(As<LogicalGet>(*Get(HostsTable())));
  get->filters = {Op("<", Col(1, TypeId::kText), Text("bob"))};
  CHECK(Explain(PushFiltersIntoScans(get)) ==
        "Filter ($1 < 'bob')\n"
        "  ->  Scan table=2 columns=[0, 1, 2]");
}

}  // namespace
}  // namespace sundial::sql::testing
