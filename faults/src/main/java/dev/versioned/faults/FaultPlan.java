package dev.versioned.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which process to hit, in which order: drawn from a seed, so that a run can be repeated. The kinds come in
 * rounds, each round every kind once in a shuffled order, so that a short run still meets each kind; the
 * instance hit is drawn too.
 */
final class FaultPlan {

    /** What is done to a process. */
    enum Kind {
        /** kill -9 a processor, start it again on its state directory after a while. */
        KILL_PROCESSOR,
        /** kill -9 a gateway, start it again after a while. */
        KILL_GATEWAY,
        /** SIGTERM the broker, start it again on its data. */
        RESTART_BROKER
    }

    /** One fault: its kind and the instance (from 0; 0 for the broker). */
    record Fault(Kind kind, int index) {
        String label() {
            return switch (kind) {
                case KILL_PROCESSOR -> "kill -9 processor-" + (index + 1);
                case KILL_GATEWAY -> "kill -9 gateway-" + (index + 1);
                case RESTART_BROKER -> "restart broker";
            };
        }
    }

    private FaultPlan() {}

    static List<Fault> of(long seed, int count, int processors, int gateways) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        while (faults.size() < count) {
            List<Kind> round = new ArrayList<>(Arrays.asList(Kind.values()));
            Collections.shuffle(round, random);
            for (Kind kind : round) {
                int index = switch (kind) {
                    case KILL_PROCESSOR -> random.nextInt(processors);
                    case KILL_GATEWAY -> random.nextInt(gateways);
                    case RESTART_BROKER -> 0;
                };
                faults.add(new Fault(kind, index));
            }
        }
        return List.copyOf(faults.subList(0, count));
    }
}
