package dev.versioned.bench;

import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.StreamAppend;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part f's PostgreSQL reference: the same appends (one ~100-byte event each, {@link AppendLoad}) into a message
 * store laid out as Message DB's: {@code messages} with a {@code bigserial} global position (primary key), the
 * stream's position with a unique index on {@code (stream_name, position)}, a unique event id, and the category
 * index. {@code write_message} is Message DB's function: an advisory transaction lock, the stream's version as
 * {@code max(position)}, the expected version checked (an exception when it differs), the event inserted at the
 * next position. Each append also records its outcome under its idempotency key (primary key
 * {@code (stream_name, idem_key)}), as the processor records every outcome; both in one transaction and one round
 * trip ({@code SELECT append_event(...)}, autocommit), PostgreSQL's best case per append.
 *
 * <p>The lock: Message DB (1.2 on) locks the stream's category, so that a category's global positions commit in
 * order; with the bench's 1,000 streams in one category ({@code account}) that lets one writer at a time through
 * ({@link Lock#CATEGORY}). The processor gives no order across a category's partitions, so the fairer comparison
 * locks the stream only ({@link Lock#STREAM}, Message DB before 1.2): both are measured, and the target is judged
 * against the better of the two.
 *
 * <p>The batched form: {@value PostgresBaseline#BATCH} appends to distinct streams per statement ({@code unnest}
 * arrays; each stream locked, its version read, the event inserted where it matches, every outcome recorded under
 * its key), one round trip and one transaction, as part e batches. W connections, each owning the streams
 * {@code i mod W = w} and knowing their versions (no conflicts), searched over 1..64 (1..8 batched: a share then
 * holds a full batch of distinct streams) with {@code synchronous_commit} off and on (fsync on throughout).
 */
final class StreamPostgres {

    /** What {@code write_message}'s advisory lock is taken on. */
    enum Lock {
        STREAM,
        CATEGORY
    }

    /** One configuration of the search. */
    record Config(int batch, Lock lock, boolean synchronousCommit) {
        String name() {
            return (batch == 1 ? "per append" : batch + " appends per statement") + ", "
                    + (lock == Lock.STREAM ? "stream lock" : "category lock (Message DB)") + ", synchronous_commit="
                    + (synchronousCommit ? "on" : "off");
        }
    }

    /**
     * One run.
     *
     * @param round 0 for the search, else the measured round
     * @param appended appends that applied; {@code refused} those refused or failed (none expected)
     */
    record Result(Config config, int connections, int round, double seconds, long appended, long refused) {
        double rate() {
            return appended / seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "%s, %d connection(s)%s: %,.0f appends/s (%,d in %.1f s, %,d refused or failed)",
                    config.name(),
                    connections,
                    round == 0 ? "" : ", round " + round,
                    rate(),
                    appended,
                    seconds,
                    refused);
        }
    }

    static final List<Config> CONFIGS = List.of(
            new Config(1, Lock.STREAM, false),
            new Config(1, Lock.STREAM, true),
            new Config(1, Lock.CATEGORY, false),
            new Config(1, Lock.CATEGORY, true),
            new Config(PostgresBaseline.BATCH, Lock.STREAM, false),
            new Config(PostgresBaseline.BATCH, Lock.STREAM, true));

    private static final String SCHEMA = """
            CREATE TABLE messages (
              global_position bigserial PRIMARY KEY,
              position bigint NOT NULL,
              time timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
              stream_name text NOT NULL,
              type text NOT NULL,
              data jsonb,
              metadata jsonb,
              id uuid NOT NULL);
            CREATE UNIQUE INDEX messages_id ON messages (id);
            CREATE UNIQUE INDEX messages_stream ON messages (stream_name, position);
            CREATE INDEX messages_category ON messages (split_part(stream_name, '-', 1), global_position,
              split_part(type, '-', 1));
            CREATE TABLE stream_idempotency (stream_name text NOT NULL, idem_key text NOT NULL,
              fingerprint text NOT NULL, outcome text NOT NULL, version bigint NOT NULL,
              created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (stream_name, idem_key));
            CREATE FUNCTION hash_64(value text) RETURNS bigint AS $$
              SELECT ('x' || left(md5(value), 16))::bit(64)::bigint
            $$ LANGUAGE sql IMMUTABLE;
            CREATE FUNCTION write_message(_id uuid, _stream_name text, _type text, _data jsonb, _metadata jsonb,
                _expected_version bigint, _lock_category boolean) RETURNS bigint AS $$
            DECLARE
              _stream_version bigint;
              _position bigint;
            BEGIN
              PERFORM pg_advisory_xact_lock(hash_64(CASE WHEN _lock_category THEN split_part(_stream_name, '-', 1)
                ELSE _stream_name END));
              SELECT max(position) INTO _stream_version FROM messages WHERE stream_name = _stream_name;
              IF _stream_version IS NULL THEN
                _stream_version := -1;
              END IF;
              IF _expected_version IS NOT NULL AND _expected_version != _stream_version THEN
                RAISE EXCEPTION 'Wrong expected version: % (Stream: %, Stream Version: %)',
                  _expected_version, _stream_name, _stream_version;
              END IF;
              _position := _stream_version + 1;
              INSERT INTO messages (id, stream_name, position, type, data, metadata)
                VALUES (_id, _stream_name, _position, _type, _data, _metadata);
              RETURN _position;
            END;
            $$ LANGUAGE plpgsql VOLATILE;
            CREATE FUNCTION append_event(_id uuid, _stream_name text, _type text, _data jsonb, _expected_version bigint,
                _key text, _fingerprint text, _lock_category boolean) RETURNS bigint AS $$
            DECLARE
              _position bigint;
            BEGIN
              _position := write_message(_id, _stream_name, _type, _data, NULL, _expected_version, _lock_category);
              INSERT INTO stream_idempotency (stream_name, idem_key, fingerprint, outcome, version)
                VALUES (_stream_name, _key, _fingerprint, 'APPLIED', _position);
              RETURN _position;
            END;
            $$ LANGUAGE plpgsql VOLATILE;
            """;

    private static final String BATCH_SQL = """
            WITH input AS (
              SELECT * FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                AS t(id, stream_name, expected, data, idem_key, fingerprint)),
            heads AS MATERIALIZED (
              SELECT input.*, pg_advisory_xact_lock(hash_64(input.stream_name))::text AS locked,
                COALESCE((SELECT max(position) FROM messages m WHERE m.stream_name = input.stream_name), -1) AS version
              FROM input),
            written AS (
              INSERT INTO messages (id, stream_name, position, type, data)
              SELECT id, stream_name, version + 1, 'Deposited', data::jsonb FROM heads WHERE version = expected
              RETURNING stream_name, position),
            decided AS (
              SELECT h.stream_name, h.idem_key, h.fingerprint, w.position IS NOT NULL AS ok,
                COALESCE(w.position, h.version) AS version
              FROM heads h LEFT JOIN written w ON w.stream_name = h.stream_name),
            recorded AS (
              INSERT INTO stream_idempotency (stream_name, idem_key, fingerprint, outcome, version)
              SELECT stream_name, idem_key, fingerprint, CASE WHEN ok THEN 'APPLIED' ELSE 'STREAM_VERSION_CONFLICT' END,
                version FROM decided)
            SELECT stream_name, ok, version FROM decided""";

    private final String url;

    StreamPostgres(String url) {
        this.url = url;
    }

    void createSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        }
    }

    /**
     * A discarded warm-up, then per configuration a run per connection count, then the best count of each
     * configuration once per round, in shuffled orders. Every run is returned (the search's with round 0).
     */
    List<Result> measure(Duration search, Duration measure, int rounds, long seed) throws Exception {
        System.out.printf(
                "  warm-up: %,.0f/s per append, %,.0f/s batched (discarded)%n",
                run(new Config(1, Lock.STREAM, false), 4, search, 0).rate(),
                run(new Config(PostgresBaseline.BATCH, Lock.STREAM, false), 2, search, 0)
                        .rate());
        List<Result> all = new ArrayList<>();
        List<Result> best = new ArrayList<>();
        for (Config config : CONFIGS) {
            Result top = null;
            for (int w : config.batch() == 1 ? PostgresBaseline.CONNECTIONS : PostgresBaseline.BATCHED_CONNECTIONS) {
                Result r = run(config, w, search, 0);
                System.out.println("  search " + r);
                all.add(r);
                top = top == null || r.rate() > top.rate() ? r : top;
            }
            best.add(top);
        }
        List<List<Result>> orders = Rounds.shuffled(best, rounds, seed);
        for (int round = 1; round <= rounds; round++) {
            for (Result b : orders.get(round - 1)) {
                Result r = run(b.config(), b.connections(), measure, round);
                System.out.println("  round " + round + " " + r);
                all.add(r);
            }
        }
        return all;
    }

    /**
     * W connections, each on its own share of the streams, for {@code duration}: the clock starts once every writer
     * has connected and read its streams' versions (on a busy machine that takes longer than a short run).
     */
    Result run(Config config, int writers, Duration duration, int round) throws Exception {
        AtomicLong appended = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(writers);
        CompletableFuture<Long> end = new CompletableFuture<>();
        String prefix = "pg-" + System.nanoTime() + "-";
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(
                    () -> {
                        try {
                            write(config, writer, writers, ready, end, prefix + writer + "-", appended, refused);
                        } catch (Exception e) {
                            System.err.println("  postgres stream writer failed: " + e);
                            refused.incrementAndGet();
                        } finally {
                            ready.countDown();
                        }
                    },
                    "pg-stream-writer-" + w);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        end.complete(start + duration.toNanos());
        for (Thread t : threads) {
            t.join();
        }
        return new Result(config, writers, round, (System.nanoTime() - start) / 1e9, appended.get(), refused.get());
    }

    private void write(
            Config config,
            int writer,
            int writers,
            CountDownLatch ready,
            CompletableFuture<Long> endAt,
            String prefix,
            AtomicLong appended,
            AtomicLong refused)
            throws Exception {
        List<String> mine = new ArrayList<>();
        for (int i = writer; i < AppendLoad.STREAMS; i += writers) {
            mine.add(AppendLoad.stream(i));
        }
        try (Connection c = DriverManager.getConnection(url)) {
            if (!config.synchronousCommit()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET synchronous_commit = off");
                }
            }
            long[] versions = new long[mine.size()];
            java.util.Arrays.fill(versions, -1);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < mine.size(); i++) {
                index.put(mine.get(i), i);
            }
            try (PreparedStatement read = c.prepareStatement("SELECT stream_name, max(position) FROM messages"
                    + " WHERE stream_name = ANY(?) GROUP BY stream_name")) {
                read.setArray(1, c.createArrayOf("text", mine.toArray()));
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        versions[index.get(rs.getString(1))] = rs.getLong(2);
                    }
                }
            }
            ready.countDown();
            long end = endAt.get();
            int next = 0;
            long seq = 0;
            if (config.batch() == 1) {
                try (PreparedStatement append =
                        c.prepareStatement("SELECT append_event(?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
                    while (System.nanoTime() < end) {
                        int i = next;
                        next = (next + 1) % mine.size();
                        StreamAppend a = append(mine.get(i), versions[i], prefix + seq, seq);
                        seq++;
                        append.setObject(1, UUID.fromString(a.eventId(0)));
                        append.setString(2, a.stream());
                        append.setString(3, AppendLoad.TYPE);
                        append.setString(4, a.events().get(0).data().toString());
                        append.setLong(5, versions[i]);
                        append.setString(6, a.idempotencyKey());
                        append.setString(7, Fingerprint.of(a));
                        append.setBoolean(8, config.lock() == Lock.CATEGORY);
                        try (ResultSet rs = append.executeQuery()) {
                            rs.next();
                            versions[i] = rs.getLong(1);
                            appended.incrementAndGet();
                        } catch (SQLException e) {
                            refused.incrementAndGet();
                            versions[i] = readVersion(c, mine.get(i));
                        }
                    }
                }
            } else {
                int n = Math.min(config.batch(), mine.size());
                try (PreparedStatement batch = c.prepareStatement(BATCH_SQL)) {
                    while (System.nanoTime() < end) {
                        UUID[] ids = new UUID[n];
                        String[] streams = new String[n];
                        Long[] expected = new Long[n];
                        String[] data = new String[n];
                        String[] keys = new String[n];
                        String[] fingerprints = new String[n];
                        Map<String, Integer> slot = new HashMap<>();
                        for (int k = 0; k < n; k++) {
                            int i = next;
                            next = (next + 1) % mine.size();
                            StreamAppend a = append(mine.get(i), versions[i], prefix + seq, seq);
                            seq++;
                            ids[k] = UUID.fromString(a.eventId(0));
                            streams[k] = a.stream();
                            expected[k] = versions[i];
                            data[k] = a.events().get(0).data().toString();
                            keys[k] = a.idempotencyKey();
                            fingerprints[k] = Fingerprint.of(a);
                            slot.put(a.stream(), i);
                        }
                        batch.setArray(1, c.createArrayOf("uuid", ids));
                        batch.setArray(2, c.createArrayOf("text", streams));
                        batch.setArray(3, c.createArrayOf("bigint", expected));
                        batch.setArray(4, c.createArrayOf("text", data));
                        batch.setArray(5, c.createArrayOf("text", keys));
                        batch.setArray(6, c.createArrayOf("text", fingerprints));
                        try (ResultSet rs = batch.executeQuery()) {
                            while (rs.next()) {
                                versions[slot.get(rs.getString(1))] = rs.getLong(3);
                                if (rs.getBoolean(2)) {
                                    appended.incrementAndGet();
                                } else {
                                    refused.incrementAndGet();
                                }
                            }
                        } catch (SQLException e) {
                            refused.addAndGet(n);
                            for (int k = 0; k < n; k++) {
                                versions[slot.get(streams[k])] = readVersion(c, streams[k]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The append the writer stands for: one event at the stream's version, as {@link AppendLoad} makes them. */
    private static StreamAppend append(String stream, long version, String key, long seq) {
        return StreamAppend.of(
                stream,
                dev.versioned.schemas.ExpectedVersion.of(version),
                key,
                List.of(dev.versioned.schemas.NewEvent.of(AppendLoad.TYPE, AppendLoad.data(seq))));
    }

    private static long readVersion(Connection c, String stream) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT max(position) FROM messages WHERE stream_name = ?")) {
            read.setString(1, stream);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? -1 : v;
            }
        }
    }
}
