"""psycopg2 (Debian python3-psycopg2) against a live Sundial: argv[1] is its port.

psycopg2 quotes parameters into the query text on the client and sends simple
Query messages; named cursors are SQL DECLARE / FETCH / CLOSE in a transaction.
Exits non-zero with the failed check on the first mismatch.
"""

import datetime
import io
import sys

import psycopg2
import psycopg2.errors
import psycopg2.extras

UTC = datetime.timezone.utc


def check(what, got, want):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")
    print(f"ok  {what}")


def check_error(what, cur, query, params, error, sqlstate):
    try:
        cur.execute(query, params)
    except error as e:
        check(what, e.pgcode, sqlstate)
        return
    raise AssertionError(f"{what}: {query!r} did not fail")


def connect(port):
    return psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                            connect_timeout=10)


def parameters_over_types(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE readings (time timestamptz NOT NULL, day date, device text, "
                "n integer, big bigint, value double precision, ok boolean)")
    rows = [
        (datetime.datetime(2024, 1, 1, 12, 0, tzinfo=UTC), datetime.date(2024, 1, 1),
         "dev-1", 1, 10_000_000_000, 1.5, True),
        (datetime.datetime(2024, 1, 1, 12, 0, 1, 250000, tzinfo=UTC), datetime.date(2023, 12, 31),
         "it's \"quoted\"", -7, -1, -0.25, False),
        (datetime.datetime(2024, 1, 1, 12, 0, 2, tzinfo=UTC), None, None, None, None, None, None),
    ]
    for row in rows:
        cur.execute("INSERT INTO readings VALUES (%s, %s, %s, %s, %s, %s, %s)", row)
    conn.commit()
    cur.execute("SELECT time, day, device, n, big, value, ok FROM readings ORDER BY time")
    check("rows read back with their Python types", cur.fetchall(), rows)
    check("column names", [d.name for d in cur.description],
          ["time", "day", "device", "n", "big", "value", "ok"])

    cur.execute("SELECT device FROM readings WHERE n = %(n)s AND ok = %(ok)s", {"n": -7, "ok": False})
    check("named parameters in WHERE", cur.fetchall(), [("it's \"quoted\"",)])
    cur.execute("SELECT count(*) FROM readings WHERE time >= %s AND time < %s",
                (datetime.datetime(2024, 1, 1, 12, 0, 1, tzinfo=UTC),
                 datetime.datetime(2024, 1, 2, tzinfo=UTC)))
    check("timestamptz range parameters", cur.fetchone(), (2,))
    cur.execute("SELECT %s::text, %s + 1, %s * 2.0, %s IS NULL", ("x", 41, 1.25, None))
    check("parameters in the select list", cur.fetchone(), ("x", 42, 2.5, True))
    span = datetime.timedelta(days=1, seconds=3661, microseconds=5)
    naive = datetime.datetime(2024, 2, 29, 23, 59, 59, 500000)
    cur.execute("SELECT %s::interval, %s::timestamp + %s", (span, naive, span))
    check("interval and timestamp parameters", cur.fetchone(), (span, naive + span))
    conn.commit()


def executemany_and_execute_values(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE metrics (time timestamptz NOT NULL, host text, usage double precision)")
    base = datetime.datetime(2024, 3, 1, tzinfo=UTC)
    data = [(base + datetime.timedelta(minutes=i), f"host_{i % 3}", i / 4) for i in range(60)]
    cur.executemany("INSERT INTO metrics VALUES (%s, %s, %s)", data[:30])
    check("executemany rowcount", cur.rowcount, 30)
    psycopg2.extras.execute_values(cur, "INSERT INTO metrics VALUES %s", data[30:], page_size=10)
    conn.commit()
    cur.execute("SELECT host, count(*), sum(usage) FROM metrics GROUP BY host ORDER BY host")
    want = [(f"host_{h}", 20, sum(i / 4 for i in range(60) if i % 3 == h)) for h in range(3)]
    check("executemany + execute_values rows aggregated", cur.fetchall(), want)
    conn.commit()


def copy_in_and_out(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE copied (time timestamptz NOT NULL, host text, usage double precision)")
    csv_in = "".join(f"2024-02-01 00:00:{i:02d}+00,h{i % 2},{i}.5\n" for i in range(50))
    cur.copy_expert("COPY copied FROM STDIN WITH (FORMAT csv)", io.StringIO(csv_in))
    check("copy_expert FROM STDIN rowcount", cur.rowcount, 50)
    cur.copy_from(io.StringIO("2024-02-02 00:00:00+00\th9\t\\N\n"), "copied",
                  columns=("time", "host", "usage"))
    conn.commit()
    cur.execute("SELECT count(*), count(usage), sum(usage) FROM copied")
    check("copied rows", cur.fetchone(), (51, 50, sum(i + 0.5 for i in range(50))))

    out = io.StringIO()
    cur.copy_expert("COPY (SELECT host, count(*) FROM copied GROUP BY host ORDER BY host) "
                    "TO STDOUT WITH (FORMAT csv, HEADER)", out)
    check("copy_expert TO STDOUT csv", out.getvalue(), "host,count\nh0,25\nh1,25\nh9,1\n")
    out = io.StringIO()
    cur.copy_to(out, "copied", columns=("host", "usage"))
    lines = out.getvalue().splitlines()
    check("copy_to text rows", len(lines), 51)
    check("copy_to NULL as \\N", "h9\t\\N" in lines, True)
    conn.commit()


def named_cursors(conn):
    cur = conn.cursor("metrics_cursor")
    cur.itersize = 7
    cur.execute("SELECT time, host, usage FROM metrics ORDER BY time")
    first = cur.fetchmany(5)
    check("named cursor fetchmany", [r[2] for r in first], [0.0, 0.25, 0.5, 0.75, 1.0])
    check("named cursor fetchone", cur.fetchone()[2], 1.25)
    cur.scroll(2)  # MOVE 2: cursors move forward only
    check("named cursor after scroll(2)", cur.fetchone()[2], 2.0)
    rest = cur.fetchall()
    check("named cursor fetchall after partial fetches", len(rest), 51)
    check("named cursor last row", rest[-1][1:], ("host_2", 59 / 4))
    cur.close()

    cur = conn.cursor("iterated")
    cur.itersize = 8
    cur.execute("SELECT usage FROM metrics WHERE host = %s ORDER BY time", ("host_1",))
    check("named cursor iterated in itersize pages", [r[0] for r in cur],
          [i / 4 for i in range(60) if i % 3 == 1])
    cur.close()
    conn.commit()

    plain = conn.cursor()
    plain.execute("DECLARE by_hand CURSOR FOR SELECT host FROM metrics ORDER BY time LIMIT 4")
    plain.execute("FETCH 2 FROM by_hand")
    check("FETCH 2", plain.fetchall(), [("host_0",), ("host_1",)])
    plain.execute("FETCH NEXT FROM by_hand")
    check("FETCH NEXT", plain.fetchall(), [("host_2",)])
    plain.execute("FETCH ALL FROM by_hand")
    check("FETCH ALL", plain.fetchall(), [("host_0",)])
    plain.execute("FETCH ALL FROM by_hand")
    check("FETCH past the end", plain.fetchall(), [])
    plain.execute("CLOSE by_hand")
    conn.commit()
    check_error("unknown cursor SQLSTATE", plain, "FETCH 1 FROM never_declared", None,
                psycopg2.errors.InvalidCursorName, "34000")
    conn.rollback()


def errors_keep_the_session(conn):
    cur = conn.cursor()
    check_error("missing table SQLSTATE", cur, "SELECT * FROM no_such_table", None,
                psycopg2.errors.UndefinedTable, "42P01")
    check_error("failed transaction SQLSTATE", cur, "SELECT 1", None,
                psycopg2.errors.InFailedSqlTransaction, "25P02")
    conn.rollback()
    cur.execute("SELECT count(*) FROM metrics")
    check("the session works after rollback", cur.fetchone(), (60,))
    check_error("division by zero SQLSTATE", cur, "SELECT 1 / %s", (0,),
                psycopg2.errors.DivisionByZero, "22012")
    conn.rollback()

    conn.autocommit = True
    cur.execute("SELECT %s", ("autocommit",))
    check("autocommit session", cur.fetchone(), ("autocommit",))
    check("server_version is PostgreSQL-like", conn.server_version >= 150000, True)
    check("TimeZone reported", conn.get_parameter_status("TimeZone") is not None, True)


def updates_in_transactions(port):
    # psycopg2 opens a transaction before the first statement: UPDATE and
    # DELETE run inside it, as ORMs send them.
    conn = connect(port)
    cur = conn.cursor()
    cur.execute("CREATE TABLE stock (id serial, item text, qty integer)")
    cur.executemany("INSERT INTO stock (item, qty) VALUES (%s, %s)",
                    [("bolt", 10), ("nut", 20), ("gear", 30)])
    conn.commit()
    cur.execute("UPDATE stock SET qty = qty - %s WHERE item = %s", (4, "bolt"))
    check("UPDATE rowcount in a transaction", cur.rowcount, 1)
    cur.execute("DELETE FROM stock WHERE qty > %s RETURNING item", (25,))
    check("DELETE ... RETURNING in a transaction", cur.fetchall(), [("gear",)])
    cur.execute("SELECT item, qty FROM stock ORDER BY id")
    check("the transaction reads its own changes", cur.fetchall(), [("bolt", 6), ("nut", 20)])
    other = connect(port)
    other_cur = other.cursor()
    other_cur.execute("SELECT item, qty FROM stock ORDER BY id")
    check("another session does not see them",
          other_cur.fetchall(), [("bolt", 10), ("nut", 20), ("gear", 30)])
    other.rollback()
    conn.rollback()
    cur.execute("SELECT count(*), sum(qty) FROM stock")
    check("rollback undoes UPDATE and DELETE", cur.fetchone(), (3, 60))
    cur.execute("UPDATE stock SET qty = 0 FROM (VALUES ('nut')) AS sold(item) "
                "WHERE stock.item = sold.item")
    conn.commit()
    other_cur.execute("SELECT item, qty FROM stock ORDER BY id")
    check("commit publishes UPDATE ... FROM",
          other_cur.fetchall(), [("bolt", 10), ("nut", 0), ("gear", 30)])
    other.close()
    conn.close()


def main():
    updates_in_transactions(int(sys.argv[1]))
    conn = connect(int(sys.argv[1]))
    parameters_over_types(conn)
    executemany_and_execute_values(conn)
    copy_in_and_out(conn)
    named_cursors(conn)
    errors_keep_the_session(conn)
    conn.close()
    print("psycopg2: all checks passed")


if __name__ == "__main__":
    main()
