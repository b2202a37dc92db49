// pgjdbc (Debian libpostgresql-jdbc-java) against a live Sundial: args[0] is its port.
// pgjdbc prepares every PreparedStatement with typed parameters, switches to a
// named server statement and binary results after the 5th execution
// (prepareThreshold), rewrites batches into multi-row INSERTs with
// reWriteBatchedInserts, streams with setFetchSize (Execute row limits) and
// cancels with a CancelRequest. Exits non-zero on the first mismatch.
// DatabaseMetaData's getTypeInfo and getPrimaryKeys are not here yet: their
// catalog queries cast function names to regproc and read a field of a
// composite value ((information_schema._pg_expandarray(...)).n).

import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.LocalDateTime;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyManager;

public class JdbcClient {
  private static String url;

  static void check(String what, Object got, Object want) {
    if (!Objects.equals(got, want)) {
      throw new AssertionError(what + ": got " + got + ", want " + want);
    }
    System.out.println("ok  " + what);
  }

  static Connection connect(String extra) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(url + extra, props);
  }

  static final OffsetDateTime BASE = OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  static void preparedStatements(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("CREATE TABLE typed (time timestamptz NOT NULL, day date, name text, n integer, "
          + "small smallint, big bigint, value double precision, ratio real, ok boolean)");
    }
    // Ten executions of each statement: text for the first four, then a named
    // statement with binary results.
    try (PreparedStatement insert = conn.prepareStatement(
             "INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 10; i++) {
        insert.setObject(1, BASE.plusSeconds(i).plusNanos(i * 1000));
        if (i == 9) {
          for (int p = 2; p <= 9; p++) insert.setNull(p, Types.OTHER);
        } else {
          insert.setDate(2, Date.valueOf(LocalDate.of(2024, 1, 1 + i)));
          insert.setString(3, "name-" + i + (i == 3 ? " ✓ 'q'" : ""));
          insert.setInt(4, i - 4);
          insert.setShort(5, (short) (i * 100));
          insert.setLong(6, 5_000_000_000L * (i - 2));
          insert.setDouble(7, i / 8.0);
          insert.setFloat(8, (float) (-i / 4.0));
          insert.setBoolean(9, i % 2 == 0);
        }
        check("insert execution " + (i + 1), insert.executeUpdate(), 1);
      }
      check("the statement is server-prepared after 5 executions",
          insert.unwrap(PGStatement.class).isUseServerPrepare(), true);
    }
    try (PreparedStatement select = conn.prepareStatement(
             "SELECT time, day, name, n, small, big, value, ratio, ok FROM typed WHERE time = ?")) {
      for (int i = 0; i < 10; i++) {
        select.setObject(1, BASE.plusSeconds(i).plusNanos(i * 1000));
        try (ResultSet rs = select.executeQuery()) {
          if (!rs.next()) throw new AssertionError("row " + i + " missing");
          String execution = "select execution " + (i + 1) + ": ";
          check(execution + "timestamptz", rs.getObject(1, OffsetDateTime.class),
              BASE.plusSeconds(i).plusNanos(i * 1000));
          if (i == 9) {
            List<Object> nulls = new ArrayList<>();
            for (int c = 2; c <= 9; c++) nulls.add(rs.getObject(c));
            check(execution + "NULLs", nulls, java.util.Collections.nCopies(8, null));
            continue;
          }
          check(execution + "date", rs.getObject(2, LocalDate.class), LocalDate.of(2024, 1, 1 + i));
          check(execution + "text", rs.getString(3), "name-" + i + (i == 3 ? " ✓ 'q'" : ""));
          check(execution + "integer", rs.getInt(4), i - 4);
          check(execution + "smallint", rs.getShort(5), (short) (i * 100));
          check(execution + "bigint", rs.getLong(6), 5_000_000_000L * (i - 2));
          check(execution + "double", rs.getDouble(7), i / 8.0);
          check(execution + "real", rs.getFloat(8), (float) (-i / 4.0));
          check(execution + "boolean", rs.getBoolean(9), i % 2 == 0);
          if (rs.next()) throw new AssertionError("more than one row for " + i);
        }
      }
    }
    try (PreparedStatement agg = conn.prepareStatement(
             "SELECT count(*), sum(n) FROM typed WHERE n >= ? AND ok = ?")) {
      for (int i = 0; i < 7; i++) {
        agg.setInt(1, i - 4);
        agg.setBoolean(2, true);
        try (ResultSet rs = agg.executeQuery()) {
          rs.next();
          long count = 0;
          long sum = 0;
          for (int k = 0; k < 9; k++) {
            if (k % 2 == 0 && k - 4 >= i - 4) {
              count++;
              sum += k - 4;
            }
          }
          check("aggregate execution " + (i + 1), rs.getLong(1) + "/" + rs.getLong(2), count + "/" + sum);
        }
      }
    }
  }

  static void moreTypesAndStatements(Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("SELECT ?::timestamp, ? + interval '90 minutes', ?::interval")) {
      for (int i = 0; i < 7; i++) {
        LocalDateTime local = LocalDateTime.of(2024, 2, 29, 23, 0, i);
        st.setTimestamp(1, Timestamp.valueOf("2024-01-01 10:11:12.5"));
        st.setObject(2, local);
        st.setString(3, "1 day 02:03:04");
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          String execution = "timestamp/interval execution " + (i + 1);
          check(execution + ": setTimestamp", rs.getTimestamp(1), Timestamp.valueOf("2024-01-01 10:11:12.5"));
          check(execution + ": LocalDateTime", rs.getObject(2, LocalDateTime.class), local.plusMinutes(90));
          check(execution + ": interval", rs.getString(3), "1 day 02:03:04");
        }
      }
    }
    try (PreparedStatement insert = conn.prepareStatement(
             "INSERT INTO typed (time, name, n) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      insert.setObject(1, BASE.plusDays(1));
      insert.setString(2, "generated");
      insert.setInt(3, 77);
      check("insert with generated keys", insert.executeUpdate(), 1);
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        check("generated keys (RETURNING *)", keys.getString("name") + keys.getInt("n"), "generated77");
      }
    }
    try (Statement st = conn.createStatement()) {
      check("several statements in one execute", st.execute("SELECT 1; SELECT 'two'"), true);
      check("second result", st.getMoreResults(), true);
      try (ResultSet rs = st.getResultSet()) {
        rs.next();
        check("second result's value", rs.getString(1), "two");
      }
      st.setQueryTimeout(1);
      try {
        st.executeQuery("SELECT count(*) FROM generate_series(1, 200000) a, generate_series(1, 200000) b");
        throw new AssertionError("the query outlived its timeout");
      } catch (SQLException e) {
        check("query timeout SQLSTATE", e.getSQLState(), "57014");
      }
    }
    conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    check("getTransactionIsolation", conn.getTransactionIsolation(), Connection.TRANSACTION_REPEATABLE_READ);
    conn.setReadOnly(true);
    conn.setAutoCommit(false);
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SHOW default_transaction_isolation")) {
      rs.next();
      check("setTransactionIsolation", rs.getString(1), "repeatable read");
    }
    conn.commit();
    conn.setAutoCommit(true);
    conn.setReadOnly(false);
    conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  static void batches(String rewrite) throws SQLException {
    try (Connection conn = connect("?reWriteBatchedInserts=" + rewrite)) {
      String table = "batched_" + rewrite;
      try (Statement st = conn.createStatement()) {
        st.execute("CREATE TABLE " + table + " (time timestamptz NOT NULL, k integer, v text)");
      }
      try (PreparedStatement insert = conn.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
        for (int i = 0; i < 250; i++) {
          insert.setObject(1, BASE.plusMinutes(i));
          insert.setInt(2, i);
          insert.setString(3, "v" + i);
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        int total = 0;
        for (int c : counts) total += c == Statement.SUCCESS_NO_INFO ? 1 : c;
        check("batch (reWriteBatchedInserts=" + rewrite + ") rows reported", total, 250);
      }
      try (Statement st = conn.createStatement();
           ResultSet rs = st.executeQuery("SELECT count(*), sum(k), max(v) FROM " + table)) {
        rs.next();
        check("batch (reWriteBatchedInserts=" + rewrite + ") rows stored",
            rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(3), "250 31125 v99");
      }
    }
  }

  static void copy(Connection conn) throws Exception {
    try (Statement st = conn.createStatement()) {
      st.execute("CREATE TABLE copied (time timestamptz NOT NULL, host text, usage double precision)");
    }
    CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      csv.append(BASE.plusSeconds(i)).append(",h").append(i % 4).append(',').append(i).append('\n');
    }
    check("CopyManager copyIn rows", copy.copyIn("COPY copied FROM STDIN (FORMAT csv)",
        new StringReader(csv.toString())), 200L);
    StringWriter out = new StringWriter();
    long rows = copy.copyOut(
        "COPY (SELECT host, count(*), sum(usage) FROM copied GROUP BY host ORDER BY host) TO STDOUT", out);
    check("CopyManager copyOut rows", rows, 4L);
    check("CopyManager copyOut text", out.toString(), "h0\t50\t4900\nh1\t50\t4950\nh2\t50\t5000\nh3\t50\t5050\n");
  }

  static void fetchSizeStreaming(Connection conn) throws SQLException {
    conn.setAutoCommit(false);
    try (PreparedStatement st = conn.prepareStatement("SELECT usage FROM copied WHERE usage >= ? ORDER BY time")) {
      st.setFetchSize(16);
      st.setDouble(1, 10);
      double sum = 0;
      int count = 0;
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (count == 0) check("first streamed row", rs.getDouble(1), 10.0);
          sum += rs.getDouble(1);
          count++;
        }
      }
      check("rows streamed 16 at a time", count + " " + sum, "190 " + (19900.0 - 45.0));
    }
    conn.commit();
    conn.setAutoCommit(true);
  }

  static void cancel(Connection conn) throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Statement st = conn.createStatement()) {
      timer.schedule(() -> {
        try {
          st.cancel();
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      }, 500, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      try {
        st.executeQuery("SELECT count(*) FROM generate_series(1, 200000) a, generate_series(1, 200000) b");
        throw new AssertionError("the long query was not cancelled");
      } catch (SQLException e) {
        check("cancelled query SQLSTATE", e.getSQLState(), "57014");
      }
      check("cancel took effect within 20 s", (System.nanoTime() - start) < 20_000_000_000L, true);
    } finally {
      timer.shutdownNow();
    }
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
      check("connection usable after cancel", rs.getInt(1), 1);
    }
  }

  static void metadata(Connection conn) throws SQLException {
    DatabaseMetaData meta = conn.getMetaData();
    check("database product", meta.getDatabaseProductName(), "PostgreSQL");
    List<String> catalogs = new ArrayList<>();
    try (ResultSet rs = meta.getCatalogs()) {
      while (rs.next()) catalogs.add(rs.getString("TABLE_CAT"));
    }
    check("getCatalogs", catalogs, List.of("postgres"));
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = meta.getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
    }
    check("getTables lists the tables", tables.containsAll(List.of("typed", "copied", "batched_true")), true);
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(null, "public", "typed", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":"
            + rs.getInt("DATA_TYPE") + ":" + rs.getString("IS_NULLABLE"));
      }
    }
    check("getColumns", columns, List.of("time:timestamptz:93:NO", "day:date:91:YES", "name:text:12:YES",
        "n:int4:4:YES", "small:int2:5:YES", "big:int8:-5:YES", "value:float8:8:YES",
        "ratio:float4:7:YES", "ok:bool:-7:YES"));
    List<String> tableTypes = new ArrayList<>();
    try (ResultSet rs = meta.getTableTypes()) {
      while (rs.next()) tableTypes.add(rs.getString("TABLE_TYPE"));
    }
    check("getTableTypes", tableTypes.containsAll(List.of("TABLE", "VIEW", "SYSTEM TABLE")), true);
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = meta.getSchemas()) {
      while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
    }
    check("getSchemas", schemas.containsAll(List.of("information_schema", "pg_catalog", "public")),
        true);
  }

  public static void main(String[] args) throws Exception {
    url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/postgres";
    try (Connection conn = connect("")) {
      preparedStatements(conn);
      moreTypesAndStatements(conn);
      batches("true");
      batches("false");
      copy(conn);
      fetchSizeStreaming(conn);
      cancel(conn);
      metadata(conn);
    }
    System.out.println("pgjdbc: all checks passed");
  }
}
