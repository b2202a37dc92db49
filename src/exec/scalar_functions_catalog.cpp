#include <iterator>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "catalog/index_text.h"
#include "catalog/system_relations.h"
#include "catalog/view_definitions.h"
#include "common/pg_type_registry.h"
#include "exec/expression.h"
#include "exec/function_catalog.h"

// The functions clients call on catalog rows (psql's \d queries, JDBC
// metadata). OIDs are bigint, as in the system relations.
namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kBool = DataType::Of(TypeId::kBool);
const DataType kInt4 = DataType::Of(TypeId::kInt32);
const DataType kOid = DataType::Of(TypeId::kInt64);

uint32_t OidAt(const ColumnVector& oids, size_t row) {
  return static_cast<uint32_t>(oids.data<int64_t>()[row]);
}

Status UserById(const ColumnVector* args, size_t count, const EvalContext&, ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    const uint32_t oid = OidAt(args[0], i);
    std::optional<std::string_view> name = catalog::RoleName(oid);
    values[i] =
        out.AddString(name ? std::string(*name) : "unknown (OID=" + std::to_string(oid) + ")");
  }
  return Status::Ok();
}

// NULL for an OID that names no relation, as in PostgreSQL.
Status TableIsVisible(const ColumnVector* args, size_t count, const EvalContext&,
                      ColumnVector& out) {
  auto* values = out.data<uint8_t>();
  for (size_t i = 0; i < count; ++i) {
    std::optional<bool> visible;
    if (!args[0].IsNull(i)) visible = catalog::RelationVisible(OidAt(args[0], i));
    out.SetNull(i, !visible.has_value());
    values[i] = visible.value_or(false) ? 1 : 0;
  }
  return Status::Ok();
}

// regclass output: the relation's name, or the number for an OID naming none.
Status RegclassOut(const ColumnVector* args, size_t count, const EvalContext& context,
                   ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    const uint32_t oid = OidAt(args[0], i);
    std::optional<std::string> name;
    if (context.catalog != nullptr) name = context.catalog->RelationName(oid);
    values[i] = out.AddString(name.value_or(std::to_string(oid)));
  }
  return Status::Ok();
}

// Only user tables could be published; NULL for an OID naming no relation.
// regclass input of a value known only when the statement runs: the
// named relation's OID, 42P01 when there is none.
Status RegclassIn(const ColumnVector* args, size_t count, const EvalContext& context,
                  ColumnVector& out) {
  const auto* names = args[0].data<std::string_view>();
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    if (context.catalog == nullptr) {
      return Status::Error(ErrorCode::kFeatureNotSupported, "regclass needs a catalog");
    }
    ASSIGN_OR_RETURN(uint32_t oid, context.catalog->ParseRegclass(names[i]));
    values[i] = oid;
  }
  return Status::Ok();
}

Status RelationIsPublishable(const ColumnVector* args, size_t count, const EvalContext& context,
                             ColumnVector& out) {
  auto* values = out.data<uint8_t>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    const uint32_t oid = OidAt(args[0], i);
    const bool exists = context.catalog != nullptr && context.catalog->RelationName(oid);
    out.SetNull(i, !exists);
    values[i] = exists && oid >= catalog::kFirstUserOid ? 1 : 0;
  }
  return Status::Ok();
}

// regnamespace output: the schema's name, or the number for an unknown OID.
Status RegnamespaceOut(const ColumnVector* args, size_t count, const EvalContext&,
                       ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    const uint32_t oid = OidAt(args[0], i);
    std::string name = std::to_string(oid);
    if (oid == catalog::kPgCatalogNamespaceOid) name = "pg_catalog";
    if (oid == catalog::kPublicNamespaceOid) name = "public";
    if (oid == catalog::kInformationSchemaNamespaceOid) name = "information_schema";
    values[i] = out.AddString(name);
  }
  return Status::Ok();
}

// Every type is in pg_catalog; NULL for an OID that names no type.
Status TypeIsVisible(const ColumnVector* args, size_t count, const EvalContext&,
                     ColumnVector& out) {
  auto* values = out.data<uint8_t>();
  for (size_t i = 0; i < count; ++i) {
    const bool known = !args[0].IsNull(i) && FindPgType(OidAt(args[0], i)) != nullptr;
    out.SetNull(i, !known);
    values[i] = known ? 1 : 0;
  }
  return Status::Ok();
}

// A NULL type modifier means "none", like -1.
Status FormatType(const ColumnVector* args, size_t count, const EvalContext&, ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (args[0].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const int32_t typmod = args[1].IsNull(i) ? -1 : args[1].data<int32_t>()[i];
    values[i] = out.AddString(sundial::FormatType(OidAt(args[0], i), typmod));
  }
  return Status::Ok();
}

Status EncodingToChar(const ColumnVector* args, size_t count, const EvalContext&,
                      ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    switch (args[0].data<int32_t>()[i]) {
      case 0:
        values[i] = out.AddString("SQL_ASCII");
        break;
      case 6:
        values[i] = out.AddString("UTF8");
        break;
      default:
        values[i] = out.AddString("");
    }
  }
  return Status::Ok();
}

// Sundial has no COMMENT ON: no object has a description.
Status NoDescription(const ColumnVector*, size_t count, const EvalContext&, ColumnVector& out) {
  for (size_t i = 0; i < count; ++i)
    out.SetNull(i, true);
  return Status::Ok();
}

// Expression columns (pg_attrdef.adbin) already hold SQL text.
Status GetExpr(const ColumnVector* args, size_t count, const EvalContext&, ColumnVector& out) {
  const auto* expressions = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i)
    values[i] = out.AddString(expressions[i]);
  return Status::Ok();
}

// The query text of a view, as written (PostgreSQL prints a deparse of the
// stored rule); nullopt for an OID naming no view, for which PostgreSQL's
// pg_get_viewdef answers NULL.
std::optional<std::string> ViewQuery(const EvalContext& context, uint32_t oid) {
  if (context.catalog == nullptr) return std::nullopt;
  std::optional<catalog::ViewDefinition> view = context.catalog->FindViewByOid(oid);
  if (!view) return std::nullopt;
  return std::move(view->query);
}

Status ViewDefByOid(const ColumnVector* args, size_t count, const EvalContext& context,
                    ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    std::optional<std::string> query = ViewQuery(context, OidAt(args[0], i));
    out.SetNull(i, !query.has_value());
    if (query) values[i] = out.AddString(*query);
  }
  return Status::Ok();
}

// The name is read as regclass reads it: 42P01 when no relation has it, NULL
// when the relation is not a view.
Status ViewDefByName(const ColumnVector* args, size_t count, const EvalContext& context,
                     ColumnVector& out) {
  const auto* names = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    if (context.catalog == nullptr) {
      return Status::Error(ErrorCode::kFeatureNotSupported, "pg_get_viewdef needs a catalog");
    }
    ASSIGN_OR_RETURN(uint32_t oid, context.catalog->ParseRegclass(names[i]));
    std::optional<std::string> query = ViewQuery(context, oid);
    out.SetNull(i, !query.has_value());
    if (query) values[i] = out.AddString(*query);
  }
  return Status::Ok();
}

// pg_get_indexdef's text of an index OID; NULL for an OID naming no index,
// as PostgreSQL answers.
void SetIndexDef(const EvalContext& context, uint32_t oid, int64_t column, bool pretty, size_t row,
                 ColumnVector& out) {
  std::optional<std::string> text;
  if (context.catalog != nullptr) {
    text = catalog::IndexDefText(*context.catalog, oid, column, pretty);
  }
  out.SetNull(row, !text.has_value());
  if (text) out.data<std::string_view>()[row] = out.AddString(*text);
}

Status IndexDef(const ColumnVector* args, size_t count, const EvalContext& context,
                ColumnVector& out) {
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    SetIndexDef(context, OidAt(args[0], i), 0, false, i, out);
  }
  return Status::Ok();
}

// pg_get_constraintdef(oid [, pretty]): PRIMARY KEY and UNIQUE constraints
// are the only ones Sundial keeps; NULL for any other OID.
Status ConstraintDef(const ColumnVector* args, size_t count, const EvalContext& context,
                     ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    std::optional<std::string> text;
    if (!args[0].IsNull(i) && context.catalog != nullptr) {
      text = catalog::ConstraintDefText(*context.catalog, OidAt(args[0], i));
    }
    out.SetNull(i, !text.has_value());
    if (text) values[i] = out.AddString(*text);
  }
  return Status::Ok();
}

// Column k > 0 is the k-th element alone (psql's \d of an index shows it).
Status IndexDefColumn(const ColumnVector* args, size_t count, const EvalContext& context,
                      ColumnVector& out) {
  const auto* columns = args[1].data<int32_t>();
  const auto* pretty = args[2].data<uint8_t>();
  for (size_t i = 0; i < count; ++i) {
    if (out.IsNull(i)) continue;  // a NULL argument (strict)
    SetIndexDef(context, OidAt(args[0], i), columns[i], pretty[i] != 0, i, out);
  }
  return Status::Ok();
}

// The built-in tablespaces live in the data directory, which PostgreSQL
// shows as an empty location; NULL for other OIDs.
Status TablespaceLocation(const ColumnVector* args, size_t count, const EvalContext&,
                          ColumnVector& out) {
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i) {
    const uint32_t oid = OidAt(args[0], i);
    const bool builtin =
        oid == catalog::kDefaultTablespaceOid || oid == catalog::kGlobalTablespaceOid;
    out.SetNull(i, !builtin);
    values[i] = std::string_view();
  }
  return Status::Ok();
}

// pg_table_size and its siblings: a table has no indexes or TOAST, so they
// agree. NULL for an OID that names no relation.
Status RelationSize(const ColumnVector* args, size_t count, const EvalContext& context,
                    ColumnVector& out) {
  auto* values = out.data<int64_t>();
  for (size_t i = 0; i < count; ++i) {
    std::optional<uint64_t> bytes;
    if (!args[0].IsNull(i) && context.catalog != nullptr) {
      bytes = context.catalog->RelationBytes(OidAt(args[0], i));
    }
    out.SetNull(i, !bytes.has_value());
    values[i] = static_cast<int64_t>(bytes.value_or(0));
  }
  return Status::Ok();
}

// PostgreSQL's units and thresholds: bytes below 10 kB, then each unit
// until the value (rounded half away from zero) is below 20480 - 1.
std::string SizePretty(int64_t size) {
  struct Unit {
    std::string_view name;
    int64_t limit;
    bool rounded;
    int bits;
  };
  static constexpr Unit kUnits[] = {
      {"bytes", 10 * 1024, false, 0},  {"kB", 20 * 1024 - 1, true, 10},
      {"MB", 20 * 1024 - 1, true, 20}, {"GB", 20 * 1024 - 1, true, 30},
      {"TB", 20 * 1024 - 1, true, 40}, {"PB", 20 * 1024 - 1, true, 50}};
  constexpr size_t kCount = std::size(kUnits);
  for (size_t u = 0;; ++u) {
    const Unit& unit = kUnits[u];
    const uint64_t magnitude = size < 0 ? 0 - static_cast<uint64_t>(size) : size;
    if (u + 1 == kCount || magnitude < static_cast<uint64_t>(unit.limit)) {
      if (unit.rounded) size = (size + (size < 0 ? -1 : 1)) / 2;
      return std::to_string(size) + " " + std::string(unit.name);
    }
    // A rounded unit keeps one extra bit for its half-rounding.
    const Unit& next = kUnits[u + 1];
    const int shift = next.bits - unit.bits - (next.rounded ? 1 : 0) + (unit.rounded ? 1 : 0);
    size /= int64_t{1} << shift;
  }
}

Status SizePrettyKernel(const ColumnVector* args, size_t count, const EvalContext&,
                        ColumnVector& out) {
  const auto* sizes = args[0].data<int64_t>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < count; ++i)
    values[i] = out.AddString(SizePretty(sizes[i]));
  return Status::Ok();
}

}  // namespace

void RegisterCatalogFunctions(FunctionCatalog& catalog) {
  RegisterTimescaleSizeFunctions(catalog);
  catalog.AddScalar("pg_get_userbyid", {kOid}, kText, UserById);
  catalog.AddScalar("pg_table_is_visible", {kOid}, kBool, TableIsVisible, /*strict=*/false);
  catalog.AddScalar("pg_type_is_visible", {kOid}, kBool, TypeIsVisible, /*strict=*/false);
  catalog.AddScalar("format_type", {kOid, kInt4}, kText, FormatType, /*strict=*/false);
  catalog.AddScalar("pg_encoding_to_char", {kInt4}, kText, EncodingToChar);
  catalog.AddScalar("obj_description", {kOid}, kText, NoDescription, /*strict=*/false);
  catalog.AddScalar("obj_description", {kOid, kText}, kText, NoDescription, /*strict=*/false);
  catalog.AddScalar("shobj_description", {kOid, kText}, kText, NoDescription, /*strict=*/false);
  catalog.AddScalar("col_description", {kOid, kInt4}, kText, NoDescription, /*strict=*/false);
  for (const char* name : {"pg_table_size", "pg_relation_size", "pg_total_relation_size"}) {
    catalog.AddScalar(name, {kOid}, kOid, RelationSize, /*strict=*/false);
  }
  catalog.AddScalar("pg_tablespace_location", {kOid}, kText, TablespaceLocation);
  catalog.AddScalar("pg_size_pretty", {kOid}, kText, SizePrettyKernel);
  catalog.AddScalar("pg_get_expr", {kText, kOid}, kText, GetExpr);
  catalog.AddScalar("pg_get_expr", {kText, kOid, kBool}, kText, GetExpr);
  // The reg* types: `oid::regclass` prints a name, `text::regclass` of a
  // value not constant reads one.
  catalog.AddScalar("regclassout", {kOid}, kText, RegclassOut);
  catalog.AddScalar("regclassin", {kText}, kOid, RegclassIn);
  catalog.AddScalar("regnamespaceout", {kOid}, kText, RegnamespaceOut);
  catalog.AddScalar("pg_relation_is_publishable", {kOid}, DataType::Of(TypeId::kBool),
                    RelationIsPublishable);
  catalog.AddScalar("pg_function_is_visible", {kOid}, DataType::Of(TypeId::kBool), NoDescription,
                    /*strict=*/false);
  catalog.AddScalar("pg_get_constraintdef", {kOid}, kText, ConstraintDef, /*strict=*/false);
  catalog.AddScalar("pg_get_constraintdef", {kOid, DataType::Of(TypeId::kBool)}, kText,
                    ConstraintDef, /*strict=*/false);
  // pg_proc lists no functions (built-ins are not catalogued) and there are
  // no check constraints, triggers, statistics objects or rules, so every
  // OID these describe is unknown: NULL, as PostgreSQL answers for one.
  for (const char* name :
       {"pg_get_function_result", "pg_get_function_arguments", "pg_get_function_identity_arguments",
        "pg_get_functiondef", "pg_get_triggerdef", "pg_get_ruledef",
        "pg_get_statisticsobjdef_columns", "pg_get_statisticsobjdef"}) {
    catalog.AddScalar(name, {kOid}, kText, NoDescription, /*strict=*/false);
    catalog.AddScalar(name, {kOid, DataType::Of(TypeId::kBool)}, kText, NoDescription,
                      /*strict=*/false);
  }
  // The pretty flag and the wrap column only shape PostgreSQL's deparse.
  catalog.AddScalar("pg_get_viewdef", {kOid}, kText, ViewDefByOid);
  catalog.AddScalar("pg_get_viewdef", {kOid, kBool}, kText, ViewDefByOid);
  catalog.AddScalar("pg_get_viewdef", {kOid, kInt4}, kText, ViewDefByOid);
  catalog.AddScalar("pg_get_viewdef", {kText}, kText, ViewDefByName);
  catalog.AddScalar("pg_get_viewdef", {kText, kBool}, kText, ViewDefByName);
  catalog.AddScalar("pg_get_indexdef", {kOid}, kText, IndexDef);
  catalog.AddScalar("pg_get_indexdef", {kOid, kInt4, kBool}, kText, IndexDefColumn);
}

}  // namespace sundial::exec
