// node-postgres (`pg`, with pg-copy-streams) against a live Sundial:
// argv[2] is its port. pg sends every query with parameters through
// Parse/Bind/Execute with untyped ($n inferred by the server) text values.
// Exits non-zero with the failed check on the first mismatch.
'use strict';

// pg reads `date` values as local midnight: pin the zone so they compare.
process.env.TZ = 'UTC';

const assert = require('node:assert/strict');
const { pipeline } = require('node:stream/promises');
const { Readable, Writable } = require('node:stream');
const { Client, Pool } = require('pg');
const copyStreams = require('pg-copy-streams');

const config = {
  host: '127.0.0.1',
  port: Number(process.argv[2]),
  user: 'postgres',
  database: 'postgres',
  connectionTimeoutMillis: 10000,
};

function check(what, got, want) {
  assert.deepStrictEqual(got, want, what);
  console.log(`ok  ${what}`);
}

const base = Date.UTC(2024, 0, 1, 0, 0, 0);

async function parametersOverTypes(client) {
  await client.query(
    'CREATE TABLE typed (time timestamptz NOT NULL, day date, name text, n integer, ' +
      'small smallint, big bigint, value double precision, ratio real, ok boolean, at timestamp)');
  const rows = [
    [new Date(base), '2024-01-01', 'first', 1, 2, '9000000000', 1.5, 0.25, true, '2024-01-01 10:00:00'],
    [new Date(base + 1250), '1970-01-01', 'ünïcode ✓', -1, -2, '-1', -2.5e-10, -0.5, false, '1999-12-31 23:59:59.5'],
    [new Date(base + 2000), null, null, null, null, null, null, null, null, null],
  ];
  for (const row of rows) {
    const result = await client.query(
      'INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', row);
    assert.equal(result.rowCount, 1);
  }
  const result = await client.query(
    "SELECT time, to_char(day, 'YYYY-MM-DD') AS day, name, n, small, big, value, ratio, ok, " +
      "at::text AS at FROM typed ORDER BY time");
  check('rows read back over every type', result.rows.map((r) => Object.values(r)), rows);
  check('field types', result.fields.map((f) => f.dataTypeID),
    [1184, 25, 25, 23, 21, 20, 701, 700, 16, 25]);

  const days = await client.query('SELECT day FROM typed WHERE day = $1', ['2024-01-01']);
  check('date parameter and result', days.rows[0].day.toISOString(), '2024-01-01T00:00:00.000Z');
  const filtered = await client.query(
    'SELECT name FROM typed WHERE time > $1 AND n < $2 AND ok = $3', [new Date(base), 0, false]);
  check('parameters in WHERE', filtered.rows, [{ name: 'ünïcode ✓' }]);
  const computed = await client.query(
    'SELECT $1::int + 1 AS a, $2::text || $3 AS b, $4::float8 * 2 AS c, $5::bool AS d',
    [41, 'x', 'y', 0.75, 'true']);
  check('parameters in the select list', computed.rows, [{ a: 42, b: 'xy', c: 1.5, d: true }]);
  const limited = await client.query('SELECT n FROM typed ORDER BY time LIMIT $1 OFFSET $2', [1, 1]);
  check('LIMIT/OFFSET parameters', limited.rows, [{ n: -1 }]);
  const named = await client.query({
    name: 'count_above',
    text: 'SELECT count(*) AS c FROM typed WHERE n > $1',
    values: [-5],
  });
  const again = await client.query({ name: 'count_above', values: [0] });
  check('named prepared statement reused', [named.rows[0].c, again.rows[0].c], ['2', '1']);
  const rowMode = await client.query({ text: 'SELECT 1 AS one, $1::text AS two', values: ['2'], rowMode: 'array' });
  check('array row mode', rowMode.rows, [[1, '2']]);

  await assert.rejects(client.query('SELECT * FROM missing_table'), (e) => e.code === '42P01');
  await assert.rejects(client.query('SELECT $1::int', ['not a number']), (e) => e.code === '22P02');
  check('errors keep the connection usable', (await client.query('SELECT 7 AS x')).rows, [{ x: 7 }]);
}

async function poolOfTwenty() {
  await (async () => {
    const setup = new Client(config);
    await setup.connect();
    await setup.query('CREATE TABLE pooled (time timestamptz NOT NULL, worker integer, v double precision)');
    await setup.end();
  })();
  const pool = new Pool({ ...config, max: 20 });
  // All 20 connections are held at once, then each writes and reads concurrently.
  const clients = await Promise.all(Array.from({ length: 20 }, () => pool.connect()));
  check('pool opened 20 connections', pool.totalCount, 20);
  const pids = await Promise.all(clients.map(async (c, worker) => {
    for (let i = 0; i < 10; i++) {
      await c.query('INSERT INTO pooled VALUES ($1, $2, $3)', [new Date(base + worker * 1000 + i), worker, i]);
    }
    const mine = await c.query('SELECT count(*)::int AS n, sum(v) AS s FROM pooled WHERE worker = $1', [worker]);
    assert.deepStrictEqual(mine.rows, [{ n: 10, s: 45 }]);
    return c.processID;
  }));
  check('20 distinct backend keys', new Set(pids).size, 20);
  clients.forEach((c) => c.release());
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    pool.query('SELECT count(*)::int AS n FROM pooled WHERE worker < $1', [i % 20 + 1])));
  check('40 concurrent pool queries', results.map((r) => r.rows[0].n),
    Array.from({ length: 40 }, (_, i) => (i % 20 + 1) * 10));
  await pool.end();
}

async function copyInAndOut(client) {
  await client.query('CREATE TABLE copied (time timestamptz NOT NULL, host text, usage double precision)');
  const lines = Array.from({ length: 100 }, (_, i) =>
    `${new Date(base + i * 1000).toISOString()},host_${i % 5},${i / 2}\n`);
  await pipeline(Readable.from(lines),
    client.query(copyStreams.from('COPY copied FROM STDIN WITH (FORMAT csv)')));
  const counted = await client.query('SELECT count(*)::int AS n, sum(usage) AS s FROM copied');
  check('COPY FROM STDIN csv rows', counted.rows, [{ n: 100, s: 2475 }]);

  const chunks = [];
  await pipeline(
    client.query(copyStreams.to(
      'COPY (SELECT host, count(*) FROM copied GROUP BY host ORDER BY host) TO STDOUT WITH (FORMAT csv)')),
    new Writable({ write(chunk, _enc, done) { chunks.push(chunk); done(); } }));
  check('COPY TO STDOUT csv', Buffer.concat(chunks).toString(),
    'host_0,20\nhost_1,20\nhost_2,20\nhost_3,20\nhost_4,20\n');
}

async function main() {
  const client = new Client(config);
  await client.connect();
  await parametersOverTypes(client);
  await copyInAndOut(client);
  await client.end();
  await poolOfTwenty();
  console.log('node-postgres: all checks passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
