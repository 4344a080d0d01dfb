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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part e: the same read-modify-write workloads on a PostgreSQL row with a version column, over JDBC.
 * One write = one transaction: {@code UPDATE inventory SET quantity=?, version=version+1 WHERE store_id=?
 * AND product_id=? AND version=?}, then the outcome inserted under its idempotency key (primary key, so a
 * reused key fails, as the product's idempotency store refuses it). A conflict reads the current version
 * and records the refusal too, as the processor records refused decisions.
 *
 * <p>The aggregate workload mirrors the Kafka input: 1,000 products, each writer owns a disjoint share
 * and knows its products' versions (no conflicts, no reads), so this is PostgreSQL's best case.
 */
final class PostgresBaseline {

    private final String url;

    PostgresBaseline(String url) {
        this.url = url;
    }

    void createSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE inventory (store_id text NOT NULL, product_id text NOT NULL, quantity bigint NOT NULL,"
                    + " version bigint NOT NULL, last_updated timestamptz NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (store_id, product_id))");
            s.execute("CREATE TABLE idempotency (store_id text NOT NULL, product_id text NOT NULL, idem_key text NOT NULL,"
                    + " fingerprint text NOT NULL, outcome text NOT NULL, version bigint NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (store_id, product_id, idem_key))");
            s.execute("INSERT INTO inventory (store_id, product_id, quantity, version) SELECT 'store-1',"
                    + " 'SKU-' || lpad(g::text, 4, '0'), 0, 0 FROM generate_series(0, " + (BenchMode.PRODUCTS - 1) + ") g");
        }
    }

    /** W connections over the 1,000 products; returns applied updates over the run. */
    ContentionResult aggregate(int writers, Duration duration, boolean synchronousCommit) throws Exception {
        AtomicLong applied = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        String run = "agg-" + writers + (synchronousCommit ? "" : "-async") + "-" + start;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
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
                    long seq = 0;
                    int i = 0;
                    while (System.nanoTime() < end) {
                        attempts.incrementAndGet();
                        HotRow.Attempt a = row.write(mine.get(i), versions[i], quantities[i] + 1,
                                run + "-" + writer + "-" + (seq++));
                        if (a.applied()) {
                            applied.incrementAndGet();
                            versions[i]++;
                            quantities[i]++;
                        } else {
                            errors.incrementAndGet();
                            long[] vq = row.read(mine.get(i));
                            versions[i] = vq[0];
                            quantities[i] = vq[1];
                        }
                        i = (i + 1) % mine.size();
                    }
                } catch (Exception e) {
                    System.err.println("  postgres writer failed: " + e);
                    errors.incrementAndGet();
                }
            }, "pg-writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ContentionResult("postgresql", "1,000 products" + (synchronousCommit ? "" : ", synchronous_commit=off"),
                writers, seconds, applied.get(), 0, errors.get(), attempts.get());
    }

    /** A hot-row writer (for {@link ContentionRun}) on the given product, created at version 0 if missing. */
    HotRow hotRow(String product) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO inventory (store_id, product_id, quantity, version)"
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

    /** One connection and its prepared statements. */
    private static final class PgRow implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement select;
        private final PreparedStatement update;
        private final PreparedStatement add;
        private final PreparedStatement insertKey;
        long lastQuantity;

        PgRow(String url, boolean synchronousCommit) throws SQLException {
            c = DriverManager.getConnection(url);
            if (!synchronousCommit) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET synchronous_commit = off");
                }
            }
            c.setAutoCommit(false);
            select = c.prepareStatement("SELECT version, quantity FROM inventory WHERE store_id='store-1' AND product_id=?");
            update = c.prepareStatement("UPDATE inventory SET quantity=?, version=version+1, last_updated=now()"
                    + " WHERE store_id='store-1' AND product_id=? AND version=?");
            add = c.prepareStatement("UPDATE inventory SET quantity=quantity+?, version=version+1, last_updated=now()"
                    + " WHERE store_id='store-1' AND product_id=? RETURNING version");
            insertKey = c.prepareStatement("INSERT INTO idempotency (store_id, product_id, idem_key, fingerprint, outcome,"
                    + " version) VALUES ('store-1', ?, ?, ?, ?, ?)");
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
                recordKey(product, key, UpdateRequest.adjust("store-1", product, 1, version, key),
                        applied ? "APPLIED" : "VERSION_CONFLICT", current);
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
                recordKey(product, key, UpdateRequest.unconditionalAdjust("store-1", product, delta, key), "APPLIED", version);
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
