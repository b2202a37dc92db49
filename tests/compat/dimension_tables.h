#pragma once

namespace sundial::testing {

// Two small dimension tables beside the facts: hosts with a missing, an extra
// and a NULL host name; device_info with NULL keys and a device readings lacks.
constexpr const char* kDimensionTables =
    "CREATE TABLE hosts (hostname text, owner text, rack integer, weight double precision);\n"
    "INSERT INTO hosts VALUES ('host_0', 'ann', 1, 1.5), ('host_1', 'bob', 2, 2.0), "
    "('host_2', 'ann', 2, 0.5), ('host_3', 'cy', 3, 1.0), ('host_4', NULL, 3, NULL), "
    "('host_7', 'dee', 5, 3.0), ('host_12', 'bob', 9, 1.25), ('host_99', 'zed', 9, 0.5), "
    "(NULL, 'nobody', 0, 0);\n"
    "CREATE TABLE device_info (device text, kind text, max_reading bigint);\n"
    "INSERT INTO device_info VALUES ('alpha', 'sensor', 500), ('beta', 'sensor', 2), "
    "('gamma', 'meter', NULL), ('omega', 'meter', 3), (NULL, 'unknown', 1), ('alpha', 'spare', 9);";

}  // namespace sundial::testing
