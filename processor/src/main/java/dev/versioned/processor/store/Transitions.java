package dev.versioned.processor.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/**
 * A run of consecutive {@link Transition}s of one record, all in one block of {@link #PER_BLOCK} versions
 * (versions 1-16 are block 0, 17-32 block 1, and so on). The record's value holds the run of its current
 * block; when an update starts the next block, the completed run moves to the idempotency store as one
 * entry, so that a keyed write is paid once per {@value #PER_BLOCK} applied updates instead of once each.
 *
 * <p>Encoding: {@code [first version, 8 bytes][count, 1 byte][count x Transition.BYTES]}. Read in place:
 * a lookup decodes only the transition it needs.
 */
public final class Transitions {

    /** Versions per block, and the most transitions a record's value holds. */
    public static final int PER_BLOCK = 16;

    private static final int HEADER = Long.BYTES + 1;
    private static final Transitions NONE = new Transitions(new byte[HEADER], 0);

    private final byte[] bytes;
    private final int offset;

    private Transitions(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.offset = offset;
    }

    /** No transitions (a record never written, or written before records kept their transitions). */
    public static Transitions none() {
        return NONE;
    }

    /** The run encoded in {@code bytes} from {@code offset} (read in place, not copied). */
    static Transitions readFrom(byte[] bytes, int offset) {
        if (bytes.length - offset < HEADER) {
            throw new IllegalStateException(
                    "a transitions run needs " + HEADER + " bytes, has " + (bytes.length - offset));
        }
        Transitions run = new Transitions(bytes, offset);
        if (bytes.length - offset < run.encodedSize() || run.count() > PER_BLOCK) {
            throw new IllegalStateException(
                    "a transitions run of " + run.count() + " does not fit its " + (bytes.length - offset) + " bytes");
        }
        return run;
    }

    /** The block a version belongs to. */
    public static long blockOf(long version) {
        return (version - 1) / PER_BLOCK;
    }

    public int count() {
        return bytes[offset + Long.BYTES];
    }

    long firstVersion() {
        return ByteBuffer.wrap(bytes, offset, Long.BYTES).getLong();
    }

    /** The block of this run; meaningless when it is empty. */
    public long block() {
        return blockOf(firstVersion());
    }

    /** Whether the transition to {@code version} is in this run. */
    public boolean covers(long version) {
        return count() > 0 && version >= firstVersion() && version < firstVersion() + count();
    }

    /** The transition to {@code version}, when it is in this run. */
    public Optional<Transition> at(long version) {
        return covers(version) ? Optional.of(slot((int) (version - firstVersion()))) : Optional.empty();
    }

    /** The newest transition of this run that a request whose key has this {@link Transition#hashOf hash} made. */
    public Optional<Transition> lastMadeBy(long hash) {
        for (int i = count() - 1; i >= 0; i--) {
            if (ByteBuffer.wrap(bytes, slotOffset(i), Long.BYTES).getLong() == hash) {
                return Optional.of(slot(i));
            }
        }
        return Optional.empty();
    }

    /** The newest transition's time; the run expires with it. */
    public Optional<Instant> newest() {
        return count() == 0 ? Optional.empty() : Optional.of(slot(count() - 1).at());
    }

    /**
     * This run with {@code next} (the transition to the version after the run's last) appended: the run
     * to keep, and the completed run to move out when {@code next} starts another block.
     */
    public Appended append(Transition next) {
        int count = count();
        boolean continues = count > 0 && next.version() == firstVersion() + count && blockOf(next.version()) == block();
        if (!continues) {
            return new Appended(of(next.version(), this, 0, next), count == 0 ? Optional.empty() : Optional.of(this));
        }
        return new Appended(of(firstVersion(), this, count, next), Optional.empty());
    }

    /** What {@link #append} gives: the run the record keeps, and a completed block to store by its index. */
    public record Appended(Transitions kept, Optional<Transitions> movedOut) {}

    int encodedSize() {
        return HEADER + count() * Transition.BYTES;
    }

    void writeTo(ByteBuffer out) {
        out.put(bytes, offset, encodedSize());
    }

    /** The first {@code kept} transitions of {@code previous}, then {@code next}. */
    private static Transitions of(long firstVersion, Transitions previous, int kept, Transition next) {
        int count = kept + 1;
        ByteBuffer out = ByteBuffer.allocate(HEADER + count * Transition.BYTES)
                .putLong(firstVersion)
                .put((byte) count);
        out.put(previous.bytes, previous.offset + HEADER, kept * Transition.BYTES);
        out.putLong(next.keyHash())
                .put(next.fingerprint())
                .putLong(next.quantity())
                .putLong(next.at().toEpochMilli());
        return new Transitions(out.array(), 0);
    }

    private int slotOffset(int index) {
        return offset + HEADER + index * Transition.BYTES;
    }

    private Transition slot(int index) {
        ByteBuffer in = ByteBuffer.wrap(bytes, slotOffset(index), Transition.BYTES);
        long keyHash = in.getLong();
        byte[] fingerprint = new byte[32];
        in.get(fingerprint);
        return new Transition(
                firstVersion() + index, keyHash, fingerprint, in.getLong(), Instant.ofEpochMilli(in.getLong()));
    }
}
