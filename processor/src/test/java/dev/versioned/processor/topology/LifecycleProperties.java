package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random interleavings of updates, soft deletes and transfers from several writers, with retries and reused
 * keys, against {@link LifecycleModel}. For every request the topology's outcome (each item's, for a transfer)
 * must be the model's; a transfer is never partial; no idempotency key is applied twice to a record; and at the
 * end every record's quantity, version and deleted mark are the model's.
 */
class LifecycleProperties {

    private static final int WRITERS = 4;
    private static final int STORES = 3;
    private static final int PRODUCTS = 2;

    sealed interface Action {}

    record Update(int writer, int store, int product, long delta) implements Action {}

    record Delete(int writer, int store, int product) implements Action {}

    /** A transfer of {@code amount} from the first store to the others, of two or three stores. */
    record Transfer(int writer, int product, int firstStore, boolean threeStores, long amount) implements Action {}

    record Retry(int earlier) implements Action {}

    record Reuse(int earlier, long otherDelta) implements Action {}

    /** What was sent, to retry or reuse it. */
    private sealed interface Sent {}

    private record SentSingle(LifecycleModel.Change change, String key) implements Sent {}

    private record SentTransfer(List<LifecycleModel.Change> items, String key) implements Sent {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> writer = Arbitraries.integers().between(0, WRITERS - 1);
        Arbitrary<Integer> store = Arbitraries.integers().between(0, STORES - 1);
        Arbitrary<Integer> product = Arbitraries.integers().between(0, PRODUCTS - 1);
        Arbitrary<Action> update = Combinators.combine(
                        writer, store, product, Arbitraries.longs().between(-4, 9))
                .as((w, s, p, d) -> (Action) new Update(w, s, p, d));
        Arbitrary<Action> delete =
                Combinators.combine(writer, store, product).as((w, s, p) -> (Action) new Delete(w, s, p));
        Arbitrary<Action> transfer = Combinators.combine(
                        writer,
                        product,
                        store,
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, 6))
                .as((w, p, s, three, a) -> (Action) new Transfer(w, p, s, three, a));
        Arbitrary<Action> retry = Arbitraries.integers().between(0, 1_000).map(i -> (Action) new Retry(i));
        Arbitrary<Action> reuse = Combinators.combine(
                        Arbitraries.integers().between(0, 1_000),
                        Arbitraries.longs().between(1, 3))
                .as((i, d) -> (Action) new Reuse(i, d));
        return Arbitraries.frequencyOf(
                        Tuple.of(6, update),
                        Tuple.of(2, delete),
                        Tuple.of(3, transfer),
                        Tuple.of(2, retry),
                        Tuple.of(1, reuse))
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    @Property(tries = 120)
    void updatesDeletesAndTransfersAreDecidedAsTheModelSays(@ForAll("actions") List<Action> actions) {
        Path stateDir = InterleavingProperties.tempDir();
        try (TopologyFixture fixture = new TopologyFixture(stateDir)) {
            LifecycleModel model = new LifecycleModel();
            long[][][] view = new long[WRITERS][STORES][PRODUCTS];
            List<Sent> sent = new ArrayList<>();
            Set<String> applied = new HashSet<>();

            for (Action action : actions) {
                Sent request = materialize(action, sent, view);
                if (request instanceof SentSingle single) {
                    UpdateResult actual = decideSingle(fixture, single);
                    LifecycleModel.Outcome expected = model.single(single.change(), single.key());
                    assertSame(actual, expected, single);
                    countApplied(applied, actual, single.change(), single.key());
                    learn(action, actual, view);
                } else {
                    SentTransfer transfer = (SentTransfer) request;
                    UpdateResult reply = fixture.transfer(asTransfer(transfer));
                    fixture.state().readValuesToList();
                    List<LifecycleModel.Outcome> expected = model.transfer(transfer.items(), transfer.key());
                    List<UpdateResult> items = reply.items().orElseThrow();
                    assertThat(items).hasSize(expected.size());
                    assertThat(items.stream().filter(UpdateResult::applied).count())
                            .as("a transfer is all or nothing: %s", reply)
                            .isIn(0L, (long) items.size());
                    for (int i = 0; i < items.size(); i++) {
                        assertSame(items.get(i), expected.get(i), transfer);
                        countApplied(applied, items.get(i), transfer.items().get(i), transfer.key());
                    }
                    if (action instanceof Transfer t) {
                        for (UpdateResult item : items) {
                            learn(t.writer(), item, view);
                        }
                    }
                }
                sent.add(request);
            }

            for (int s = 0; s < STORES; s++) {
                for (int p = 0; p < PRODUCTS; p++) {
                    long[] expected = model.record(store(s), product(p));
                    Optional<InventoryRecord> stored = Optional.ofNullable(fixture.stored(store(s), product(p)));
                    assertThat(stored.map(InventoryRecord::quantity).orElse(0L))
                            .as("quantity of %s/%s", store(s), product(p))
                            .isEqualTo(expected[0]);
                    assertThat(stored.map(InventoryRecord::version).orElse(0L))
                            .as("version of %s/%s", store(s), product(p))
                            .isEqualTo(expected[1]);
                    assertThat(stored.map(InventoryRecord::deleted).orElse(false))
                            .as("deleted mark of %s/%s", store(s), product(p))
                            .isEqualTo(expected[2] == 1);
                }
            }
        } finally {
            InterleavingProperties.deleteRecursively(stateDir);
        }
    }

    private static UpdateResult decideSingle(TopologyFixture fixture, SentSingle single) {
        LifecycleModel.Change c = single.change();
        UpdateRequest request = c.delete()
                ? UpdateRequest.delete(c.store(), c.product(), c.version(), single.key())
                : UpdateRequest.adjust(c.store(), c.product(), c.delta(), c.version(), single.key());
        fixture.send(request);
        List<UpdateResult> out = fixture.results().readValuesToList();
        assertThat(out).as("exactly one result per update").hasSize(1);
        fixture.replies().readValuesToList();
        fixture.state().readValuesToList();
        return out.get(0);
    }

    private static TransferRequest asTransfer(SentTransfer transfer) {
        return TransferRequest.of(
                transfer.items().get(0).product(),
                transfer.key(),
                transfer.items().stream()
                        .map(item -> TransferRequest.Item.adjust(item.store(), item.delta(), item.version()))
                        .toList());
    }

    private static void assertSame(UpdateResult actual, LifecycleModel.Outcome expected, Sent request) {
        assertThat(actual.code()).as("code of %s", request).isEqualTo(expected.code());
        assertThat(actual.replayed()).as("replayed of %s", request).isEqualTo(expected.replayed());
        if (expected.code() == ResultCode.APPLIED) {
            assertThat(actual.newQuantity()).as("quantity after %s", request).contains(expected.quantity());
            assertThat(actual.newVersion()).as("version after %s", request).contains(expected.version());
        }
    }

    private static void countApplied(
            Set<String> applied, UpdateResult result, LifecycleModel.Change change, String key) {
        if (result.applied() && !result.replayed()) {
            assertThat(applied.add(change.store() + "/" + change.product() + "/" + key))
                    .as("key %s applied to %s/%s at most once", key, change.store(), change.product())
                    .isTrue();
        }
    }

    private static Sent materialize(Action action, List<Sent> sent, long[][][] view) {
        if (action instanceof Retry retry && !sent.isEmpty()) {
            return sent.get(retry.earlier() % sent.size());
        }
        if (action instanceof Reuse reuse && !sent.isEmpty()) {
            Sent earlier = sent.get(reuse.earlier() % sent.size());
            if (earlier instanceof SentSingle single) {
                LifecycleModel.Change c = single.change();
                return new SentSingle(
                        new LifecycleModel.Change(
                                c.store(),
                                c.product(),
                                false,
                                c.delta() + reuse.otherDelta(),
                                Math.max(c.version(), 0)),
                        single.key());
            }
            SentTransfer transfer = (SentTransfer) earlier;
            List<LifecycleModel.Change> items = new ArrayList<>(transfer.items());
            LifecycleModel.Change first = items.get(0);
            items.set(
                    0,
                    new LifecycleModel.Change(
                            first.store(),
                            first.product(),
                            false,
                            first.delta() - reuse.otherDelta(),
                            first.version()));
            return new SentTransfer(items, transfer.key());
        }
        String key = "k" + sent.size();
        if (action instanceof Delete d) {
            // A DELETE names a version >= 1; a writer that never saw the record guesses 1.
            long version = Math.max(1, view[d.writer()][d.store()][d.product()]);
            return new SentSingle(
                    new LifecycleModel.Change(store(d.store()), product(d.product()), true, 0, version), key);
        }
        if (action instanceof Transfer t) {
            int count = t.threeStores() ? 3 : 2;
            List<LifecycleModel.Change> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int s = (t.firstStore() + i) % STORES;
                long delta = i == 0 ? -t.amount() * (count - 1) : t.amount();
                items.add(new LifecycleModel.Change(
                        store(s), product(t.product()), false, delta, view[t.writer()][s][t.product()]));
            }
            return new SentTransfer(items, key);
        }
        Update u = action instanceof Update update ? update : new Update(0, 0, 0, 1);
        return new SentSingle(
                new LifecycleModel.Change(
                        store(u.store()),
                        product(u.product()),
                        false,
                        u.delta(),
                        view[u.writer()][u.store()][u.product()]),
                key);
    }

    /** A writer learns a record's version from its own results, as a real client would. */
    private static void learn(Action action, UpdateResult result, long[][][] view) {
        if (action instanceof Update u) {
            learn(u.writer(), result, view);
        } else if (action instanceof Delete d) {
            learn(d.writer(), result, view);
        }
    }

    private static void learn(int writer, UpdateResult result, long[][][] view) {
        if (result.storeId().isEmpty() || result.productId().isEmpty()) {
            return;
        }
        int s = Integer.parseInt(result.storeId().get().substring("store-".length()));
        int p = Integer.parseInt(result.productId().get().substring("SKU-".length()));
        result.newVersion().or(result::currentVersion).ifPresent(v -> view[writer][s][p] = v);
    }

    private static String store(int s) {
        return "store-" + s;
    }

    private static String product(int p) {
        return "SKU-" + p;
    }
}
