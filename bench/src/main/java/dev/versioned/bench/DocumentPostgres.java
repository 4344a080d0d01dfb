package dev.versioned.bench;

import dev.versioned.schemas.Fingerprint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The PostgreSQL variant of the documents bench: the same conditional writes of the same ~1 KB documents
 * ({@link DocumentLoad}) to a JSONB column, {@code UPDATE docs SET doc = ?::jsonb, version = version + 1 WHERE
 * id = ? AND version = ?}, each outcome inserted under its idempotency key (primary key), as
 * {@link PostgresBaseline} does for the inventory. Batched as it batches: {@value PostgresBaseline#BATCH}
 * decisions of distinct ids per statement ({@code unnest} arrays, the conditional UPDATE joined to them, the
 * outcomes inserted, one round trip, one autocommitted transaction).
 *
 * <p>Durability is the server's defaults, which are the product's: {@code synchronous_commit=on} (a commit
 * returns once its WAL is flushed) and {@code fsync} as the server has it ({@link #fsync}, reported). W
 * connections, each owning the ids {@code i mod W = w} and knowing their versions (no conflicts, no reads). The
 * writer sends the whole new document, merged on its side (PostgreSQL neither merges a patch nor checks a JSON
 * Schema here; the processor does both). Each run starts from fresh tables holding the 1,000 documents at version
 * 1, as the processor's runs start from empty stores and create them during their warm-up.
 */
final class DocumentPostgres {

    private static final String BATCH_SQL = """
            WITH input AS (
              SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                AS t(id, expected, doc, idem_key, fingerprint)),
            applied AS (
              UPDATE docs d SET doc = input.doc::jsonb, version = d.version + 1, last_updated = now()
              FROM input WHERE d.id = input.id AND d.version = input.expected
              RETURNING d.id, d.version),
            decided AS (
              SELECT input.id, input.idem_key, input.fingerprint, applied.id IS NOT NULL AS ok,
                COALESCE(applied.version, (SELECT version FROM docs WHERE id = input.id)) AS version
              FROM input LEFT JOIN applied ON applied.id = input.id),
            recorded AS (
              INSERT INTO doc_idempotency (id, idem_key, fingerprint, outcome, version)
              SELECT id, idem_key, fingerprint, CASE WHEN ok THEN 'APPLIED' ELSE 'VERSION_CONFLICT' END, version
              FROM decided)
            SELECT id, ok, version FROM decided""";

    private final String url;
    private final long postmasterPid;

    DocumentPostgres(String url, long postmasterPid) {
        this.url = url;
        this.postmasterPid = postmasterPid;
    }

    /** The server's {@code fsync} and {@code synchronous_commit}, as a connection sees them. */
    String durability() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            return "fsync=" + show(s, "fsync") + ", synchronous_commit=" + show(s, "synchronous_commit")
                    + ", wal_level=" + show(s, "wal_level");
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The WAL's position in bytes: what has been written to it since the cluster was created. */
    private long walBytes() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Fresh tables: the 1,000 documents at version 1 (their first write, a create), no idempotency entries. */
    private void reset() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS docs, doc_idempotency");
            s.execute("CREATE TABLE docs (id text PRIMARY KEY, doc jsonb NOT NULL, version bigint NOT NULL,"
                    + " last_updated timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE doc_idempotency (id text NOT NULL, idem_key text NOT NULL,"
                    + " fingerprint text NOT NULL, outcome text NOT NULL, version bigint NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (id, idem_key))");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO docs (id, doc, version) VALUES (?, ?::jsonb, 1)")) {
                for (int i = 0; i < BenchMode.PRODUCTS; i++) {
                    insert.setString(1, DocumentLoad.id(i));
                    insert.setString(2, DocumentLoad.document(i, 0).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            s.execute("ANALYZE docs");
        }
    }

    /** W connections for a warm-up, then the measured window; decided outcomes in the window. */
    DocumentRun run(String variant, int writers, Duration warmup, Duration measure, int round, int position)
            throws Exception {
        reset();
        AtomicLong decided = new AtomicLong();
        AtomicLong applied = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(
                    () -> {
                        try {
                            write(writer, writers, decided, applied, stop);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "pg-doc-writer-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            Thread.sleep(warmup.toMillis());
            long n0 = decided.get();
            long a0 = applied.get();
            long t0 = System.nanoTime();
            CpuClock cpu = new CpuClock(Map.of(DocumentKafkaRun.SERVER, postmasterPid), true);
            long wal0 = walBytes();
            Thread.sleep(measure.toMillis());
            long n1 = decided.get();
            long a1 = applied.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> us = cpu.usPer(n1 - n0);
            double walPerDecision = (walBytes() - wal0) / (double) Math.max(1, n1 - n0);
            if (failure.get() != null) {
                throw new IllegalStateException("a PostgreSQL writer failed", failure.get());
            }
            return new DocumentRun(
                    variant,
                    round,
                    position,
                    seconds,
                    n1 - n0,
                    a1 - a0,
                    us.get(CpuClock.BENCH),
                    us.get(DocumentKafkaRun.SERVER),
                    Map.of(),
                    Map.of("WAL", walPerDecision));
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    /** One connection: batches of its ids, round robin, each at the version its previous write made. */
    private void write(int writer, int writers, AtomicLong decided, AtomicLong applied, AtomicBoolean stop)
            throws SQLException {
        List<Integer> mine = new ArrayList<>();
        for (int i = writer; i < BenchMode.PRODUCTS; i += writers) {
            mine.add(i);
        }
        long[] versions = new long[mine.size()];
        java.util.Arrays.fill(versions, 1);
        int n = Math.min(PostgresBaseline.BATCH, mine.size());
        String prefix = "pg-w" + writer + "-";
        long seq = 0;
        int next = 0;
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement batch = c.prepareStatement(BATCH_SQL)) {
            while (!stop.get()) {
                String[] ids = new String[n];
                Long[] expected = new Long[n];
                String[] docs = new String[n];
                String[] keys = new String[n];
                String[] fingerprints = new String[n];
                int[] slots = new int[n];
                for (int k = 0; k < n; k++) {
                    int slot = next;
                    next = (next + 1) % mine.size();
                    int i = mine.get(slot);
                    slots[k] = slot;
                    ids[k] = DocumentLoad.id(i);
                    expected[k] = versions[slot];
                    keys[k] = prefix + seq;
                    // The writer merges (the processor merges the patch itself) and fingerprints the request it
                    // stands for, as PostgresBaseline fingerprints the inventory's.
                    docs[k] = DocumentLoad.document(i, seq).toString();
                    fingerprints[k] = Fingerprint.of(DocumentLoad.request(i, versions[slot], seq, keys[k]));
                    seq++;
                }
                batch.setArray(1, c.createArrayOf("text", ids));
                batch.setArray(2, c.createArrayOf("bigint", expected));
                batch.setArray(3, c.createArrayOf("text", docs));
                batch.setArray(4, c.createArrayOf("text", keys));
                batch.setArray(5, c.createArrayOf("text", fingerprints));
                long ok = 0;
                long rows = 0;
                try (ResultSet rs = batch.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (rs.getBoolean(2)) {
                            ok++;
                        }
                        int slot = slots[indexOf(ids, rs.getString(1))];
                        versions[slot] = rs.getLong(3);
                    }
                }
                decided.addAndGet(rows);
                applied.addAndGet(ok);
            }
        }
    }

    private static int indexOf(String[] ids, String id) {
        for (int k = 0; k < ids.length; k++) {
            if (ids[k].equals(id)) {
                return k;
            }
        }
        throw new IllegalStateException("PostgreSQL returned an id it was not sent: " + id);
    }
}
