"""psycopg 3 (Debian python3-psycopg) against a live Sundial: argv[1] is its port.

psycopg 3 binds parameters on the server ($n in Parse/Bind, typed by the
Python value), prepares a statement after its 5th execution, reads binary
results with cursor(binary=True), copies with the COPY protocol and pipelines
executemany. Exits non-zero with the failed check on the first mismatch.
"""

import datetime
import sys

import psycopg
import psycopg.rows

UTC = datetime.timezone.utc
BASE = datetime.datetime(2024, 5, 1, tzinfo=UTC)


def check(what, got, want):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")
    print(f"ok  {what}")


def sample_rows():
    return [
        (BASE, datetime.date(2024, 5, 1), "alpha", 1, 3_000_000_000, 0.5, True),
        (BASE + datetime.timedelta(seconds=1, microseconds=5), datetime.date(1999, 12, 31),
         "béta ✓", -2, -3, -1e300, False),
        (BASE + datetime.timedelta(seconds=2), None, None, None, None, None, None),
    ]


def parameters(conn):
    conn.execute("CREATE TABLE samples (time timestamptz NOT NULL, day date, name text, "
                 "n integer, big bigint, value double precision, ok boolean)")
    rows = sample_rows()
    for row in rows:
        conn.execute("INSERT INTO samples VALUES (%s, %s, %s, %s, %s, %s, %s)", row)
    got = conn.execute("SELECT time, day, name, n, big, value, ok FROM samples ORDER BY time").fetchall()
    check("text results over every type", got, rows)
    got = conn.execute("SELECT name FROM samples WHERE n = %s AND ok = %s", (-2, False)).fetchall()
    check("parameters in WHERE", got, [("béta ✓",)])
    got = conn.execute("SELECT %s + 1, %s || 'x', %s, %s::date",
                       (41, "y", BASE, "2024-02-29")).fetchone()
    check("parameters in the select list", got, (42, "yx", BASE, datetime.date(2024, 2, 29)))
    got = conn.execute("SELECT time FROM samples ORDER BY time LIMIT %s OFFSET %s", (1, 1)).fetchall()
    check("LIMIT/OFFSET parameters", got, [(rows[1][0],)])

    # The 6th execution runs a statement prepared by name.
    for i in range(8):
        got = conn.execute("SELECT count(*) FROM samples WHERE n > %s", (i - 3,)).fetchone()
        check(f"execution {i + 1} of one statement", got, (sum(1 for r in rows if r[3] is not None and r[3] > i - 3),))


def binary_cursors(conn):
    rows = sample_rows()
    cur = conn.cursor(binary=True)
    got = cur.execute("SELECT time, day, name, n, big, value, ok FROM samples ORDER BY time").fetchall()
    check("binary results over every type", got, rows)
    check("results came in binary format", cur.pgresult.fformat(0), 1)
    got = cur.execute("SELECT %b::bigint * 2, %b::double precision / 4, %b::text, %b::boolean, "
                      "%b::timestamptz",
                      (21, 1.0, "bin", True, BASE)).fetchone()
    check("binary parameters and results", got, (42, 0.25, "bin", True, BASE))
    span = datetime.timedelta(days=2, seconds=3661, microseconds=7)
    naive = datetime.datetime(2024, 2, 29, 23, 59, 59, 999999)
    got = cur.execute("SELECT %b, %b, %b + interval '1 day'", (span, naive, naive)).fetchone()
    check("binary interval and timestamp", got, (span, naive, naive + datetime.timedelta(days=1)))


def copy(conn):
    conn.execute("CREATE TABLE copied3 (time timestamptz NOT NULL, host text, usage double precision)")
    cur = conn.cursor()
    with cur.copy("COPY copied3 (time, host, usage) FROM STDIN") as cp:
        for i in range(40):
            cp.write_row((BASE + datetime.timedelta(seconds=i), f"h{i % 4}", i * 1.5))
    with cur.copy("COPY copied3 FROM STDIN (FORMAT BINARY)") as cp:
        cp.set_types(["timestamptz", "text", "float8"])
        for i in range(40, 50):
            cp.write_row((BASE + datetime.timedelta(seconds=i), f"h{i % 4}", None))
    got = conn.execute("SELECT count(*), count(usage), sum(usage) FROM copied3").fetchone()
    check("rows copied in text and binary", got, (50, 40, sum(i * 1.5 for i in range(40))))

    with cur.copy("COPY (SELECT host, count(*) FROM copied3 GROUP BY host ORDER BY host) TO STDOUT") as cp:
        got = [tuple(row) for row in cp.rows()]
    check("COPY TO STDOUT rows (text)", got, [("h0", "13"), ("h1", "13"), ("h2", "12"), ("h3", "12")])
    with cur.copy("COPY (SELECT time, usage FROM copied3 ORDER BY time LIMIT 2) TO STDOUT (FORMAT BINARY)") as cp:
        cp.set_types(["timestamptz", "float8"])
        got = list(cp.rows())
    check("COPY TO STDOUT rows (binary)", got, [(BASE, 0.0), (BASE + datetime.timedelta(seconds=1), 1.5)])


def binary_copy_round_trip(conn):
    types = ["timestamptz", "date", "int4", "int2", "int8", "float4", "float8", "bool", "text",
             "varchar", "timestamp", "interval"]
    conn.execute("CREATE TABLE every_type (time timestamptz NOT NULL, day date, n integer, "
                 "s smallint, b bigint, f real, d double precision, ok boolean, t text, "
                 "v varchar(10), ts timestamp, iv interval)")
    rows = [
        (BASE, datetime.date(2024, 1, 2), 3, -4, 5 << 40, 0.5, -1.25, True, "txt", "vc",
         datetime.datetime(2024, 1, 1, 5, 6, 7, 8), datetime.timedelta(days=1, hours=3)),
        (BASE + datetime.timedelta(seconds=1),) + (None,) * 11,
    ]
    cur = conn.cursor()
    with cur.copy("COPY every_type FROM STDIN (FORMAT BINARY)") as cp:
        cp.set_types(types)
        for row in rows:
            cp.write_row(row)
    with cur.copy("COPY every_type TO STDOUT (FORMAT BINARY)") as cp:
        cp.set_types(types)
        got = list(cp.rows())
    check("binary COPY round trip over every type", got, rows)


def pipeline_and_executemany(conn):
    conn.execute("CREATE TABLE piped (time timestamptz NOT NULL, k integer, v text)")
    cur = conn.cursor()
    cur.executemany("INSERT INTO piped VALUES (%s, %s, %s)",
                    [(BASE + datetime.timedelta(minutes=i), i, f"v{i}") for i in range(25)])
    check("executemany rowcount", cur.rowcount, 25)
    conn.execute("CREATE TABLE returned (time timestamptz NOT NULL, k integer, v text)")
    cur.executemany("INSERT INTO returned VALUES (%s, %s, %s) RETURNING k * 10, v",
                    [(BASE + datetime.timedelta(days=1, minutes=i), 200 + i, f"r{i}") for i in range(3)],
                    returning=True)
    returned = [cur.fetchone()]
    while cur.nextset():
        returned.append(cur.fetchone())
    check("executemany RETURNING", returned, [(2000, "r0"), (2010, "r1"), (2020, "r2")])
    with conn.pipeline():
        c1 = conn.execute("INSERT INTO piped VALUES (%s, %s, %s)", (BASE + datetime.timedelta(hours=1), 100, "p"))
        c2 = conn.execute("SELECT count(*) FROM piped")
        c3 = conn.execute("SELECT v FROM piped WHERE k = %s", (7,))
        c4 = conn.execute("SELECT max(k) FROM piped")
    check("pipelined INSERT rowcount", c1.rowcount, 1)
    check("pipelined count sees the insert", c2.fetchone(), (26,))
    check("pipelined parameterised query", c3.fetchall(), [("v7",)])
    check("pipelined aggregate", c4.fetchone(), (100,))

    try:
        with conn.pipeline():
            conn.execute("SELECT 1 / %s", (0,))
            conn.execute("SELECT 2")
        raise AssertionError("a failing pipeline did not raise")
    except psycopg.errors.DivisionByZero as e:
        check("pipeline error SQLSTATE", e.sqlstate, "22012")
    check("the connection works after a failed pipeline", conn.execute("SELECT 3").fetchone(), (3,))


def server_side_cursor(conn):
    with conn.transaction():
        with conn.cursor("piped_cursor") as cur:
            cur.execute("SELECT k FROM piped ORDER BY k")
            check("named cursor fetchmany", [r[0] for r in cur.fetchmany(3)], [0, 1, 2])
            check("named cursor fetchall", [r[0] for r in cur.fetchall()], list(range(3, 25)) + [100])
    with conn.cursor("held", withhold=True) as cur:
        cur.execute("SELECT k FROM piped WHERE k < %s ORDER BY k", (2,))
        check("WITH HOLD cursor outside a transaction", cur.fetchall(), [(0,), (1,)])
    got = [r for r in conn.cursor().stream("SELECT k, v FROM piped WHERE k < %s ORDER BY k", (3,))]
    check("rows streamed one at a time", got, [(0, "v0"), (1, "v1"), (2, "v2")])
    got = conn.cursor(row_factory=psycopg.rows.dict_row).execute(
        "SELECT k AS key, v AS value FROM piped WHERE k = %s", (4,)).fetchall()
    check("dict rows", got, [{"key": 4, "value": "v4"}])


def main():
    with psycopg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="postgres",
                         dbname="postgres", autocommit=True, connect_timeout=10) as conn:
        parameters(conn)
        binary_cursors(conn)
        copy(conn)
        binary_copy_round_trip(conn)
        pipeline_and_executemany(conn)
        server_side_cursor(conn)
    print("psycopg 3: all checks passed")


if __name__ == "__main__":
    main()
