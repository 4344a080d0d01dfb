package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random interleavings of requests from many writers against a plain in-memory reference model.
 *
 * <p>Writers do read-modify-write from their own, possibly stale, view of each record; they retry
 * earlier requests with the same key, and sometimes reuse a key for a different request. For every
 * request the topology's outcome must equal the model's, and over the whole run, per record: version =
 * number of applied results, quantity = sum of applied deltas, no idempotency key applied twice, and
 * every request got exactly one result.
 */
class InterleavingProperties {

    private static final int PRODUCTS = 3;
    private static final int WRITERS = 6;

    /** What a writer does next; versions are chosen when the action runs, from the writer's own view. */
    sealed interface Action {}

    /** A new operation: delta from the writer's view of the record, or a create (version 0). */
    record Fresh(int writer, int product, long delta, boolean create) implements Action {}

    /** The exact same request as an earlier one, e.g. after a timeout. */
    record Retry(int earlier) implements Action {}

    /** An earlier request's key with a different delta. */
    record Reuse(int earlier, long otherDelta) implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        return actions(1, 60);
    }

    /**
     * Long runs on one product, so that records pass several blocks of transitions and retries reach back
     * into stored blocks.
     */
    @Provide
    Arbitrary<List<Action>> longRunsOnOneProduct() {
        // two writers on one product, positive deltas: most fresh actions apply, so versions climb
        return actions(120, 240)
                .map(list -> list.stream()
                        .map(a -> a instanceof Fresh f
                                ? (Action) new Fresh(f.writer() % 2, 0, Math.abs(f.delta()) + 1, f.create())
                                : a)
                        .toList());
    }

    private static Arbitrary<List<Action>> actions(int minSize, int maxSize) {
        Arbitrary<Action> fresh = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, WRITERS - 1),
                        Arbitraries.integers().between(0, PRODUCTS - 1),
                        Arbitraries.longs().between(-6, 9),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as((w, p, d, c) -> (Action) new Fresh(w, p, d, c));
        Arbitrary<Action> retry = Arbitraries.integers().between(0, 1_000).map(i -> (Action) new Retry(i));
        Arbitrary<Action> reuse = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 1_000),
                        Arbitraries.longs().between(-3, 3))
                .as((i, d) -> (Action) new Reuse(i, d));
        return Arbitraries.frequencyOf(Tuple.of(7, fresh), Tuple.of(2, retry), Tuple.of(1, reuse))
                .list()
                .ofMinSize(minSize)
                .ofMaxSize(maxSize);
    }

    @Property(tries = 150)
    void everyRequestIsDecidedAsTheModelSaysAndTheInvariantsHold(@ForAll("actions") List<Action> actions) {
        check(actions);
    }

    @Property(tries = 40)
    void longRunsAcrossBlocksOfTransitionsAreDecidedAsTheModelSays(
            @ForAll("longRunsOnOneProduct") List<Action> actions) {
        long version = check(actions);
        net.jqwik.api.statistics.Statistics.label("record passed its first block of transitions")
                .collect(version > dev.versioned.processor.store.Transitions.PER_BLOCK);
        net.jqwik.api.statistics.Statistics.label("record passed its first block of transitions")
                .coverage(coverage -> coverage.check(true).percentage(p -> p >= 50));
    }

    /** Runs the actions against the topology and the model; returns the first product's final version. */
    private static long check(List<Action> actions) {
        Path stateDir = tempDir();
        try (TopologyFixture fixture = new TopologyFixture(stateDir)) {
            ReferenceModel model = new ReferenceModel();
            long[][] writerView = new long[WRITERS][PRODUCTS];
            List<UpdateRequest> sent = new ArrayList<>();
            List<UpdateResult> results = new ArrayList<>();
            Set<String> correlationIds = new HashSet<>();

            for (Action action : actions) {
                UpdateRequest request = materialize(action, sent, writerView);
                String correlationId = fixture.send(request);
                correlationIds.add(correlationId);
                List<UpdateResult> out = fixture.results().readValuesToList();

                assertThat(out).as("exactly one result per request").hasSize(1);
                UpdateResult actual = out.get(0);
                assertThat(actual.correlationId()).contains(correlationId);
                ReferenceModel.Outcome expected = model.apply(request);
                assertThat(actual.code()).as("code of %s", request).isEqualTo(expected.code());
                assertThat(actual.replayed()).as("replayed of %s", request).isEqualTo(expected.replayed());
                if (expected.code() == ResultCode.APPLIED) {
                    assertThat(actual.newQuantity()).contains(expected.quantity());
                    assertThat(actual.newVersion()).contains(expected.version());
                }
                learn(action, request, actual, writerView);
                sent.add(request);
                results.add(actual);
            }

            assertThat(correlationIds).hasSize(actions.size());
            assertInvariants(fixture, sent, results);
            return Optional.ofNullable(fixture.stored("store-1", "SKU-0"))
                    .map(r -> r.version())
                    .orElse(0L);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static UpdateRequest materialize(Action action, List<UpdateRequest> sent, long[][] view) {
        if (action instanceof Retry retry && !sent.isEmpty()) {
            return sent.get(retry.earlier() % sent.size());
        }
        if (action instanceof Reuse reuse && !sent.isEmpty()) {
            UpdateRequest earlier = sent.get(reuse.earlier() % sent.size());
            return UpdateRequest.adjust(
                    earlier.storeId(),
                    earlier.productId(),
                    earlier.delta().orElseThrow() + reuse.otherDelta(),
                    earlier.version().orElseThrow(),
                    earlier.idempotencyKey());
        }
        Fresh fresh = action instanceof Fresh f ? f : new Fresh(0, 0, 1, true);
        long version = fresh.create() ? 0 : view[fresh.writer()][fresh.product()];
        return UpdateRequest.adjust(
                "store-1", "SKU-" + fresh.product(), fresh.delta(), version, "w" + fresh.writer() + "-" + sent.size());
    }

    /** A writer learns the record's version from its own results, as a real client would. */
    private static void learn(Action action, UpdateRequest request, UpdateResult result, long[][] view) {
        if (action instanceof Fresh fresh) {
            result.newVersion().or(result::currentVersion).ifPresent(v -> view[fresh.writer()][fresh.product()] = v);
        }
    }

    private static void assertInvariants(
            TopologyFixture fixture, List<UpdateRequest> sent, List<UpdateResult> results) {
        Map<String, Long> appliedCount = new HashMap<>();
        Map<String, Long> deltaSum = new HashMap<>();
        Set<String> appliedKeys = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            UpdateRequest request = sent.get(i);
            UpdateResult result = results.get(i);
            if (result.applied() && !result.replayed()) {
                String record = request.productId();
                appliedCount.merge(record, 1L, Long::sum);
                deltaSum.merge(record, request.delta().orElseThrow(), Long::sum);
                assertThat(appliedKeys.add(record + "/" + request.idempotencyKey()))
                        .as("key %s applied at most once", request.idempotencyKey())
                        .isTrue();
            }
        }
        for (int p = 0; p < PRODUCTS; p++) {
            String product = "SKU-" + p;
            var stored = Optional.ofNullable(fixture.stored("store-1", product));
            assertThat(stored.map(r -> r.version()).orElse(0L))
                    .as("version of %s", product)
                    .isEqualTo(appliedCount.getOrDefault(product, 0L));
            assertThat(stored.map(r -> r.quantity()).orElse(0L))
                    .as("quantity of %s", product)
                    .isEqualTo(deltaSum.getOrDefault(product, 0L));
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("interleavings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
