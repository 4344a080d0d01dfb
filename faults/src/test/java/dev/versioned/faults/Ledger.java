package dev.versioned.faults;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** What the writers sent and what they were told: the claims the checker holds the topics to. */
final class Ledger {

    /** A definite answer a writer received for one logical operation (one idempotency key). */
    record Answer(String productId, String key, String code, long newVersion, boolean viaKafka) {
    }

    final AtomicLong operations = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong applied = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong otherRefusals = new AtomicLong();
    final AtomicLong unknownOutcomes = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    final Queue<String> unresolved = new ConcurrentLinkedQueue<>();
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    long decided() {
        return applied.get() + conflicts.get() + otherRefusals.get();
    }

    void answered(Answer answer) {
        answers.add(answer);
        switch (answer.code()) {
            case "APPLIED" -> applied.incrementAndGet();
            case "VERSION_CONFLICT" -> conflicts.incrementAndGet();
            default -> otherRefusals.incrementAndGet();
        }
    }

    List<Answer> answersSnapshot() {
        return List.copyOf(answers);
    }

    @Override
    public String toString() {
        return "operations=" + operations + " attempts=" + attempts + " applied=" + applied + " conflicts="
                + conflicts + " otherRefusals=" + otherRefusals + " unknownOutcomes=" + unknownOutcomes
                + " retries=" + retries + " unresolved=" + unresolved.size() + " unexpected=" + unexpected.size();
    }
}
