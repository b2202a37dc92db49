// DuckDB side of bench/spill_benchmark.sh, on @duckdb/node-api.
//
//   node spill_duckdb.mjs MODULES_DIR DBFILE THREADS MEMORY_LIMIT load ROWS KEYS
//        -> {"load_s":..,"rows":..}
//   node spill_duckdb.mjs MODULES_DIR DBFILE THREADS MEMORY_LIMIT query RUNS SQL
//        -> {"times_ms":[...],"peak_rss_kb":[...],"base_rss_kb":..,"result":"..."}
//
// MODULES_DIR is a node_modules directory holding @duckdb/node-api (the one
// ../shared/bench-peers/setup_peers.sh installs). DuckDB runs inside this
// process, so the peak RSS of a run is this process's VmHWM, reset before each
// run through /proc/self/clear_refs; it includes node's own ~50 MiB.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [modulesDir, dbfile, threads, memoryLimit, cmd, ...args] = process.argv.slice(2);
const { DuckDBInstance } = createRequire(path.join(path.resolve(modulesDir), 'index.js'))('@duckdb/node-api');

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function statusKb(field) {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : null;
}

function resetHwm() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch (e) {
    return false;
  }
}

async function main() {
  const config = { threads: String(threads) };
  if (memoryLimit !== 'default') config.memory_limit = memoryLimit;
  const inst = await DuckDBInstance.create(dbfile, config);
  const con = await inst.connect();
  if (cmd === 'load') {
    const [rows, keys] = args.map(Number);
    const t = nowMs();
    await con.run('DROP TABLE IF EXISTS t');
    await con.run('CREATE TABLE t (k BIGINT, v DOUBLE)');
    await con.run(`INSERT INTO t SELECT (i * 2654435761) % ${keys},
                     CAST((i * 1103515245 + 12345) % 2147483648 AS DOUBLE) / 2147483648
                   FROM generate_series(1, ${rows}) AS g(i)`);
    await con.run('CHECKPOINT');
    const n = (await con.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0];
    console.log(JSON.stringify({ load_s: (nowMs() - t) / 1000, rows: Number(n) }));
    return;
  }
  if (cmd === 'query') {
    const runs = Number(args[0]);
    const sql = args[1];
    const times = [];
    const rss = [];
    const base = statusKb('VmRSS');
    let result = '';
    for (let i = 0; i < runs; i++) {
      const reset = resetHwm();
      const t = nowMs();
      const reader = await con.runAndReadAll(sql);
      times.push(nowMs() - t);
      rss.push(reset ? statusKb('VmHWM') : null);
      result = reader.getRows().map((r) => r.map(String).join('|')).join('\n');
    }
    console.log(JSON.stringify({ times_ms: times, peak_rss_kb: rss, base_rss_kb: base, result }));
    return;
  }
  throw new Error(`unknown command ${cmd}`);
}

main().catch((e) => {
  console.error(String(e.message || e));
  process.exit(1);
});
