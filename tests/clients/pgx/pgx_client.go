// pgx v4 (Debian golang-github-jackc-pgx-v4-dev, built in GOPATH mode) against
// a live Sundial: os.Args[1] is its port. pgx describes every statement first
// (Parse + Describe, cached per connection) and then sends parameters and reads
// results in binary; Batch pipelines several statements before one Sync;
// CopyFrom is binary COPY; a cancelled context sends a CancelRequest.
// Exits non-zero with the failed check on the first mismatch.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"time"

	"github.com/jackc/pgconn"
	"github.com/jackc/pgx/v4"
)

var base = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)

func check(what string, got, want interface{}) {
	if !reflect.DeepEqual(got, want) {
		fmt.Printf("FAIL %s: got %#v, want %#v\n", what, got, want)
		os.Exit(1)
	}
	fmt.Printf("ok  %s\n", what)
}

func must(what string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", what, err)
		os.Exit(1)
	}
}

func queryRow(ctx context.Context, conn *pgx.Conn) {
	_, err := conn.Exec(ctx, "CREATE TABLE typed (time timestamptz NOT NULL, day date, name text, "+
		"n integer, small smallint, big bigint, value double precision, ratio real, ok boolean)")
	must("create table", err)
	type row struct {
		Time  time.Time
		Day   time.Time
		Name  string
		N     int32
		Small int16
		Big   int64
		Value float64
		Ratio float32
		Ok    bool
	}
	rows := []row{
		{base, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), "one", 1, 10, 1 << 40, 0.5, 0.25, true},
		{base.Add(1500 * time.Millisecond), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), "twö ✓", -2, -20, -5, -1e-9, -8, false},
	}
	for _, r := range rows {
		tag, err := conn.Exec(ctx, "INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
			r.Time, r.Day, r.Name, r.N, r.Small, r.Big, r.Value, r.Ratio, r.Ok)
		must("insert", err)
		check("insert tag", tag.String(), "INSERT 0 1")
	}
	_, err = conn.Exec(ctx, "INSERT INTO typed (time) VALUES ($1)", base.Add(time.Hour))
	must("insert NULLs", err)

	for i, want := range rows {
		var got row
		err := conn.QueryRow(ctx, "SELECT time, day, name, n, small, big, value, ratio, ok FROM typed WHERE time = $1",
			want.Time).Scan(&got.Time, &got.Day, &got.Name, &got.N, &got.Small, &got.Big, &got.Value, &got.Ratio, &got.Ok)
		must("query row", err)
		got.Time = got.Time.UTC()
		check(fmt.Sprintf("QueryRow %d over every type (binary)", i), got, want)
	}
	var day *time.Time
	var name *string
	var n *int32
	must("query NULLs", conn.QueryRow(ctx, "SELECT day, name, n FROM typed WHERE time = $1",
		base.Add(time.Hour)).Scan(&day, &name, &n))
	check("NULLs scan as nil", []bool{day == nil, name == nil, n == nil}, []bool{true, true, true})

	var sum int64
	var label string
	must("select-list parameters", conn.QueryRow(ctx, "SELECT $1::bigint + $2, $3::text || '!'",
		int64(40), int64(2), "hi").Scan(&sum, &label))
	check("parameters in the select list", []interface{}{sum, label}, []interface{}{int64(42), "hi!"})

	var count int64
	err = conn.QueryRow(ctx, "SELECT count(*) FROM typed WHERE n > $1 AND ok = $2", -10, false).Scan(&count)
	must("count", err)
	check("parameters in WHERE", count, int64(1))

	_, err = conn.Prepare(ctx, "by_n", "SELECT name FROM typed WHERE n = $1")
	must("prepare", err)
	must("prepared by name", conn.QueryRow(ctx, "by_n", int32(-2)).Scan(&label))
	check("statement prepared by name", label, "twö ✓")

	rowsOut, err := conn.Query(ctx, "SELECT g, g * 0.5, 'r' || g FROM generate_series(1, $1::int) g", 10000)
	must("query many rows", err)
	var n64, total int64
	var half, halves float64
	var text string
	seen := 0
	for rowsOut.Next() {
		must("scan", rowsOut.Scan(&n64, &half, &text))
		total += n64
		halves += half
		seen++
	}
	must("rows", rowsOut.Err())
	check("10000 binary rows summed", []interface{}{seen, total, halves, text},
		[]interface{}{10000, int64(50005000), 25002500.0, "r10000"})

	err = conn.QueryRow(ctx, "SELECT 1 FROM missing_table").Scan(&count)
	var pgErr *pgconn.PgError
	check("missing table error", errors.As(err, &pgErr) && pgErr.Code == "42P01", true)
}

func batch(ctx context.Context, conn *pgx.Conn) {
	// pgx describes every queued statement before running any: an INSERT into
	// a table that the same batch creates fails on PostgreSQL too.
	_, err := conn.Exec(ctx, "CREATE TABLE batched (time timestamptz NOT NULL, k integer, v text)")
	must("create batched", err)
	b := &pgx.Batch{}
	for i := 0; i < 20; i++ {
		b.Queue("INSERT INTO batched VALUES ($1, $2, $3)", base.Add(time.Duration(i)*time.Minute), i, fmt.Sprintf("v%d", i))
	}
	b.Queue("SELECT count(*), sum(k) FROM batched")
	b.Queue("SELECT v FROM batched WHERE k = $1", 13)
	results := conn.SendBatch(ctx, b)
	for i := 0; i < 20; i++ {
		tag, err := results.Exec()
		must("batch insert", err)
		if i == 0 {
			check("batched insert tag", tag.RowsAffected(), int64(1))
		}
	}
	var count, sum int64
	must("batch aggregate", results.QueryRow().Scan(&count, &sum))
	check("batched aggregate sees the inserts", []int64{count, sum}, []int64{20, 190})
	var v string
	must("batch query", results.QueryRow().Scan(&v))
	check("batched parameterised query", v, "v13")
	must("batch close", results.Close())
}

func copyFrom(ctx context.Context, conn *pgx.Conn) {
	_, err := conn.Exec(ctx, "CREATE TABLE copied (time timestamptz NOT NULL, host text, usage double precision, n bigint)")
	must("create copied", err)
	var rows [][]interface{}
	for i := 0; i < 500; i++ {
		var usage interface{} = float64(i) / 2
		if i%100 == 0 {
			usage = nil
		}
		rows = append(rows, []interface{}{base.Add(time.Duration(i) * time.Second), fmt.Sprintf("h%d", i%5), usage, int64(i)})
	}
	copied, err := conn.CopyFrom(ctx, pgx.Identifier{"copied"}, []string{"time", "host", "usage", "n"}, pgx.CopyFromRows(rows))
	must("CopyFrom", err)
	check("CopyFrom row count", copied, int64(500))
	var count, nulls int64
	var total float64
	must("copied totals", conn.QueryRow(ctx, "SELECT count(*), count(*) - count(usage), sum(usage) FROM copied").
		Scan(&count, &nulls, &total))
	want := 0.0
	for i := 0; i < 500; i++ {
		if i%100 != 0 {
			want += float64(i) / 2
		}
	}
	check("copied rows, NULLs and sum", []interface{}{count, nulls, total}, []interface{}{int64(500), int64(5), want})
}

func copyEveryType(ctx context.Context, conn *pgx.Conn) {
	_, err := conn.Exec(ctx, "CREATE TABLE every_type (time timestamptz NOT NULL, day date, n integer, "+
		"s smallint, b bigint, f real, d double precision, ok boolean, t text, v varchar(10), ts timestamp)")
	must("create every_type", err)
	day := time.Date(2023, 3, 4, 0, 0, 0, 0, time.UTC)
	local := time.Date(2024, 1, 1, 5, 6, 7, 8000, time.UTC)
	row := []interface{}{base, day, int32(3), int16(-4), int64(5) << 40, float32(0.5), -1.25, true, "txt", "vc", local}
	copied, err := conn.CopyFrom(ctx, pgx.Identifier{"every_type"},
		[]string{"time", "day", "n", "s", "b", "f", "d", "ok", "t", "v", "ts"}, pgx.CopyFromRows([][]interface{}{row}))
	must("CopyFrom every type", err)
	check("CopyFrom every type count", copied, int64(1))
	var (
		gotTime, gotDay, gotTs time.Time
		n                      int32
		s                      int16
		b                      int64
		f                      float32
		d                      float64
		ok                     bool
		t, v                   string
	)
	must("read every type", conn.QueryRow(ctx, "SELECT * FROM every_type").Scan(
		&gotTime, &gotDay, &n, &s, &b, &f, &d, &ok, &t, &v, &gotTs))
	check("every type copied and read back in binary",
		[]interface{}{gotTime.UTC(), gotDay, n, s, b, f, d, ok, t, v, gotTs}, row)
}

func cancel(ctx context.Context, conn *pgx.Conn) {
	short, stop := context.WithTimeout(ctx, 500*time.Millisecond)
	defer stop()
	start := time.Now()
	var count int64
	err := conn.QueryRow(short, "SELECT count(*) FROM generate_series(1, 200000) a, generate_series(1, 200000) b").Scan(&count)
	check("cancelled query fails", err != nil, true)
	check("cancel took effect within 20 s", time.Since(start) < 20*time.Second, true)
}

func main() {
	ctx := context.Background()
	url := fmt.Sprintf("postgres://postgres@127.0.0.1:%s/postgres?connect_timeout=10", os.Args[1])
	conn, err := pgx.Connect(ctx, url)
	must("connect", err)
	queryRow(ctx, conn)
	batch(ctx, conn)
	copyFrom(ctx, conn)
	copyEveryType(ctx, conn)
	cancel(ctx, conn)
	conn.Close(ctx)

	// A cancelled context closes pgx's connection; a fresh one still works.
	conn, err = pgx.Connect(ctx, url)
	must("reconnect", err)
	var n int64
	must("query after cancel", conn.QueryRow(ctx, "SELECT count(*) FROM copied").Scan(&n))
	check("server usable after cancel", n, int64(500))
	conn.Close(ctx)
	fmt.Println("pgx: all checks passed")
}
