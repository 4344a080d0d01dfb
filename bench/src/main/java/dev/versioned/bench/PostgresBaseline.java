package dev.versioned.bench;

import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.UpdateRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part e: the same read-modify-write workloads on a PostgreSQL row with a version column, over JDBC.
 * One write = one transaction: {@code UPDATE inventory SET quantity=?, version=version+1 WHERE store_id=?
 * AND product_id=? AND version=?}, then the outcome inserted under its idempotency key (primary key, so a
 * reused key fails, as the product's idempotency store refuses it). A conflict reads the current version
 * and records the refusal too, as the processor records refused decisions.
 *
 * <p>The aggregate workload mirrors the Kafka input: 1,000 products, each writer owns a disjoint share
 * and knows its products' versions (no conflicts, no reads), so this is PostgreSQL's best case. It runs one
 * transaction per request, and batched: {@value #BATCH} decisions per transaction in one statement, as the
 * processor commits about 100 ms of decisions per transaction.
 */
final class PostgresBaseline {

    private final String url;

    PostgresBaseline(String url) {
        this.url = url;
    }

    void createSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE inventory (store_id text NOT NULL, product_id text NOT NULL, quantity bigint NOT NULL,"
                            + " version bigint NOT NULL, last_updated timestamptz NOT NULL DEFAULT now(),"
                            + " PRIMARY KEY (store_id, product_id))");
            s.execute(
                    "CREATE TABLE idempotency (store_id text NOT NULL, product_id text NOT NULL, idem_key text NOT NULL,"
                            + " fingerprint text NOT NULL, outcome text NOT NULL, version bigint NOT NULL,"
                            + " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (store_id, product_id, idem_key))");
            s.execute("INSERT INTO inventory (store_id, product_id, quantity, version) SELECT 'store-1',"
                    + " 'SKU-' || lpad(g::text, 4, '0'), 0, 0 FROM generate_series(0, " + (BenchMode.PRODUCTS - 1)
                    + ") g");
        }
    }

    /** Connection counts searched for the best one, per request. */
    static final List<Integer> CONNECTIONS = List.of(1, 2, 4, 8, 16, 32, 64);
    /** Decisions per transaction of the batched variant: about what the processor commits in 100 ms. */
    static final int BATCH = 100;
    /** Connection counts searched for the batched variant: up to 8, so that each share holds a full batch of distinct products. */
    static final List<Integer> BATCHED_CONNECTIONS = List.of(1, 2, 4, 8);

    /**
     * Part e: a discarded warm-up, then for each configuration (per request and batched, synchronous_commit
     * off and on; fsync on throughout) a short run per connection count, then the best count of each
     * configuration once per round, {@code rounds} rounds in shuffled orders. Every run is returned (the
     * search's with round 0).
     */
    List<PostgresResult> measure(Duration search, Duration measure, int rounds, long seed) throws Exception {
        System.out.printf(
                "  warm-up: %,.0f/s per request, %,.0f/s batched (discarded)%n",
                aggregate(4, search, false, 1, 0).goodput(),
                aggregate(2, search, false, BATCH, 0).goodput());
        List<PostgresResult> all = new ArrayList<>();
        List<PostgresResult> best = new ArrayList<>();
        for (int batch : List.of(1, BATCH)) {
            for (boolean sync : List.of(false, true)) {
                PostgresResult top = null;
                for (int w : batch == 1 ? CONNECTIONS : BATCHED_CONNECTIONS) {
                    PostgresResult r = aggregate(w, search, sync, batch, 0);
                    System.out.println("  search " + r);
                    all.add(r);
                    top = top == null || r.goodput() > top.goodput() ? r : top;
                }
                best.add(top);
            }
        }
        List<List<PostgresResult>> orders = Rounds.shuffled(best, rounds, seed);
        for (int round = 1; round <= rounds; round++) {
            for (PostgresResult b : orders.get(round - 1)) {
                PostgresResult r = aggregate(b.connections(), measure, b.synchronousCommit(), b.batchSize(), round);
                System.out.println("  round " + round + " " + r);
                all.add(r);
            }
        }
        return all;
    }

    /**
     * W connections over the 1,000 products, each on a disjoint share whose versions it knows; {@code batch}
     * decisions per transaction (1: one transaction per request).
     */
    PostgresResult aggregate(int writers, Duration duration, boolean synchronousCommit, int batch, int round)
            throws Exception {
        AtomicLong applied = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        String run = "agg-" + writers + "-" + batch + (synchronousCommit ? "" : "-async") + "-" + start;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(
                    () -> {
                        try (PgRow row = new PgRow(url, synchronousCommit)) {
                            List<String> mine = new ArrayList<>();
                            for (int p = writer; p < BenchMode.PRODUCTS; p += writers) {
                                mine.add(RequestLoad.product(p));
                            }
                            long[] versions = new long[mine.size()];
                            long[] quantities = new long[mine.size()];
                            for (int i = 0; i < mine.size(); i++) {
                                long[] vq = row.read(mine.get(i));
                                versions[i] = vq[0];
                                quantities[i] = vq[1];
                            }
                            String prefix = run + "-" + writer + "-";
                            Share share = new Share(mine, versions, quantities);
                            while (System.nanoTime() < end) {
                                int[] outcome = batch == 1
                                        ? row.writeOne(share, prefix)
                                        : row.writeBatch(share, Math.min(batch, mine.size()), prefix);
                                applied.addAndGet(outcome[0]);
                                conflicts.addAndGet(outcome[1]);
                                errors.addAndGet(outcome[2]);
                                transactions.incrementAndGet();
                            }
                        } catch (Exception e) {
                            System.err.println("  postgres writer failed: " + e);
                            errors.incrementAndGet();
                        }
                    },
                    "pg-writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PostgresResult(
                batch,
                synchronousCommit,
                writers,
                round,
                seconds,
                applied.get(),
                conflicts.get(),
                errors.get(),
                transactions.get());
    }

    /** One writer's products, what it knows of them, and where it is in its round robin. */
    private static final class Share {
        final List<String> products;
        final long[] versions;
        final long[] quantities;
        int next;
        long seq;

        Share(List<String> products, long[] versions, long[] quantities) {
            this.products = products;
            this.versions = versions;
            this.quantities = quantities;
        }

        /** Applied: the product moves one version on; refused: it now holds {@code current}. */
        void decided(int i, boolean applied, long current, long quantity) {
            if (applied) {
                versions[i]++;
                quantities[i]++;
            } else {
                versions[i] = current;
                quantities[i] = quantity;
            }
        }
    }

    /** A hot-row writer (for {@link ContentionRun}) on the given product, created at version 0 if missing. */
    HotRow hotRow(String product) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO inventory (store_id, product_id, quantity, version)"
                                + " VALUES ('store-1', ?, 0, 0) ON CONFLICT DO NOTHING")) {
            ps.setString(1, product);
            ps.executeUpdate();
        }
        PgRow row = new PgRow(url, true);
        return new HotRow() {
            private long quantity;

            @Override
            public long read() throws Exception {
                long[] vq = row.read(product);
                quantity = vq[1];
                return vq[0];
            }

            @Override
            public Attempt conditional(long version, String key) throws Exception {
                Attempt a = row.write(product, version, quantity + 1, key);
                if (a.applied()) {
                    quantity++;
                } else if (a.conflict()) {
                    quantity = row.lastQuantity;
                }
                return a;
            }

            @Override
            public Attempt unconditional(String key) throws Exception {
                return row.add(product, 1, key);
            }

            @Override
            public void close() throws Exception {
                row.close();
            }
        };
    }

    /**
     * The batched decisions: a conditional UPDATE joined to the input arrays (only rows still at the expected
     * version change), then every decision's outcome inserted under its idempotency key, the refused ones with
     * the version they found (read only for them: COALESCE evaluates its second argument only when needed),
     * all in one statement. Returns per product: applied, the version it now has, its quantity.
     */
    private static final String BATCH_SQL = """
            WITH input AS (
              SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[])
                AS t(product_id, expected, quantity, idem_key, fingerprint)),
            applied AS (
              UPDATE inventory i SET quantity = input.quantity, version = i.version + 1, last_updated = now()
              FROM input WHERE i.store_id = 'store-1' AND i.product_id = input.product_id AND i.version = input.expected
              RETURNING i.product_id, i.version, i.quantity),
            decided AS (
              SELECT input.product_id, input.idem_key, input.fingerprint, applied.product_id IS NOT NULL AS ok,
                COALESCE(applied.version, (SELECT version FROM inventory WHERE store_id = 'store-1'
                  AND product_id = input.product_id)) AS version,
                COALESCE(applied.quantity, (SELECT quantity FROM inventory WHERE store_id = 'store-1'
                  AND product_id = input.product_id)) AS quantity
              FROM input LEFT JOIN applied ON applied.product_id = input.product_id),
            recorded AS (
              INSERT INTO idempotency (store_id, product_id, idem_key, fingerprint, outcome, version)
              SELECT 'store-1', product_id, idem_key, fingerprint, CASE WHEN ok THEN 'APPLIED' ELSE 'VERSION_CONFLICT' END,
                version FROM decided)
            SELECT product_id, ok, version, quantity FROM decided""";

    /** One connection and its prepared statements. */
    private static final class PgRow implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement select;
        private final PreparedStatement update;
        private final PreparedStatement add;
        private final PreparedStatement insertKey;
        private final PreparedStatement batch;
        long lastQuantity;

        PgRow(String url, boolean synchronousCommit) throws SQLException {
            c = DriverManager.getConnection(url);
            if (!synchronousCommit) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET synchronous_commit = off");
                }
            }
            c.setAutoCommit(false);
            select = c.prepareStatement(
                    "SELECT version, quantity FROM inventory WHERE store_id='store-1' AND product_id=?");
            update = c.prepareStatement("UPDATE inventory SET quantity=?, version=version+1, last_updated=now()"
                    + " WHERE store_id='store-1' AND product_id=? AND version=?");
            add = c.prepareStatement("UPDATE inventory SET quantity=quantity+?, version=version+1, last_updated=now()"
                    + " WHERE store_id='store-1' AND product_id=? RETURNING version");
            insertKey =
                    c.prepareStatement("INSERT INTO idempotency (store_id, product_id, idem_key, fingerprint, outcome,"
                            + " version) VALUES ('store-1', ?, ?, ?, ?, ?)");
            batch = c.prepareStatement(BATCH_SQL);
        }

        /** One decision in its own transaction (UPDATE, INSERT, COMMIT); returns {applied, conflicts, errors}. */
        int[] writeOne(Share s, String prefix) throws SQLException {
            int i = s.next;
            s.next = (i + 1) % s.products.size();
            HotRow.Attempt a = write(s.products.get(i), s.versions[i], s.quantities[i] + 1, prefix + (s.seq++));
            if (a.conflict()) {
                s.decided(i, false, a.version(), lastQuantity);
            } else if (a.applied()) {
                s.decided(i, true, 0, 0);
            } else {
                long[] vq = read(s.products.get(i));
                s.decided(i, false, vq[0], vq[1]);
            }
            return new int[] {a.applied() ? 1 : 0, a.conflict() ? 1 : 0, a.applied() || a.conflict() ? 0 : 1};
        }

        /**
         * {@code n} decisions on distinct products in one statement, so one round trip and one transaction
         * (autocommit): each a conditional write and its outcome recorded under its idempotency key, as
         * {@link #write} does for one. Returns {applied, conflicts, errors}.
         */
        int[] writeBatch(Share s, int n, String prefix) throws SQLException {
            String[] products = new String[n];
            Long[] expected = new Long[n];
            Long[] quantities = new Long[n];
            String[] keys = new String[n];
            String[] fingerprints = new String[n];
            int[] index = new int[n];
            for (int k = 0; k < n; k++) {
                int i = s.next;
                s.next = (i + 1) % s.products.size();
                index[k] = i;
                products[k] = s.products.get(i);
                expected[k] = s.versions[i];
                quantities[k] = s.quantities[i] + 1;
                keys[k] = prefix + (s.seq++);
                fingerprints[k] = Fingerprint.of(UpdateRequest.adjust("store-1", products[k], 1, expected[k], keys[k]));
            }
            c.setAutoCommit(true);
            try {
                batch.setArray(1, c.createArrayOf("text", products));
                batch.setArray(2, c.createArrayOf("bigint", expected));
                batch.setArray(3, c.createArrayOf("bigint", quantities));
                batch.setArray(4, c.createArrayOf("text", keys));
                batch.setArray(5, c.createArrayOf("text", fingerprints));
                Map<String, Integer> at = new HashMap<>();
                for (int k = 0; k < n; k++) {
                    at.put(products[k], k);
                }
                int applied = 0;
                int conflicts = 0;
                try (ResultSet rs = batch.executeQuery()) {
                    while (rs.next()) {
                        int k = at.get(rs.getString(1));
                        boolean ok = rs.getBoolean(2);
                        s.decided(index[k], ok, rs.getLong(3), rs.getLong(4));
                        applied += ok ? 1 : 0;
                        conflicts += ok ? 0 : 1;
                    }
                }
                return new int[] {applied, conflicts, n - applied - conflicts};
            } catch (SQLException e) {
                return new int[] {0, 0, n};
            } finally {
                c.setAutoCommit(false);
            }
        }

        long[] read(String product) throws SQLException {
            select.setString(1, product);
            try (ResultSet rs = select.executeQuery()) {
                long[] vq = rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
                c.commit();
                lastQuantity = vq[1];
                return vq;
            }
        }

        /** The conditional write: applied, or a conflict recorded under the key with the current version. */
        HotRow.Attempt write(String product, long version, long newQuantity, String key) throws SQLException {
            try {
                update.setLong(1, newQuantity);
                update.setString(2, product);
                update.setLong(3, version);
                boolean applied = update.executeUpdate() == 1;
                long current = version + 1;
                if (!applied) {
                    select.setString(1, product);
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        current = rs.getLong(1);
                        lastQuantity = rs.getLong(2);
                    }
                }
                recordKey(
                        product,
                        key,
                        UpdateRequest.adjust("store-1", product, 1, version, key),
                        applied ? "APPLIED" : "VERSION_CONFLICT",
                        current);
                c.commit();
                return new HotRow.Attempt(applied, !applied, current);
            } catch (SQLException e) {
                c.rollback();
                return HotRow.Attempt.FAILED;
            }
        }

        HotRow.Attempt add(String product, long delta, String key) throws SQLException {
            try {
                add.setLong(1, delta);
                add.setString(2, product);
                long version;
                try (ResultSet rs = add.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
                recordKey(
                        product,
                        key,
                        UpdateRequest.unconditionalAdjust("store-1", product, delta, key),
                        "APPLIED",
                        version);
                c.commit();
                return new HotRow.Attempt(true, false, version);
            } catch (SQLException e) {
                c.rollback();
                return HotRow.Attempt.FAILED;
            }
        }

        private void recordKey(String product, String key, UpdateRequest request, String outcome, long version)
                throws SQLException {
            insertKey.setString(1, product);
            insertKey.setString(2, key);
            insertKey.setString(3, Fingerprint.of(request));
            insertKey.setString(4, outcome);
            insertKey.setLong(5, version);
            insertKey.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }
}
