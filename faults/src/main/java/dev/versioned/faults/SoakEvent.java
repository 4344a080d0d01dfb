package dev.versioned.faults;

import java.util.OptionalDouble;

/**
 * One fault, join or leave of a soak run.
 *
 * @param seconds when it began, in seconds since the load began
 * @param label what was done, e.g. {@code kill -9 processor-1}
 * @param readySeconds from the event until the process was serving again: for a killed processor, until the
 *     new one answered {@code /health/ready} (its restore time); for a gateway, until its health checks
 *     passed; for the broker, until every processor was ready again; for a leave, until the process exited
 * @param pause what the writers saw around it
 */
record SoakEvent(double seconds, String label, OptionalDouble readySeconds, Pauses.Pause pause) {

    SoakEvent withPause(Pauses.Pause measured) {
        return new SoakEvent(seconds, label, readySeconds, measured);
    }
}
