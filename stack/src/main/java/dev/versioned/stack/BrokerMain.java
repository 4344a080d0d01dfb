package dev.versioned.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs only the local broker, as its own process: {@code BrokerMain DATA_DIR PORT}. Prints
 * {@code BROKER READY <bootstrap>} once it accepts connections; SIGTERM stops it cleanly. Used where a
 * broker must be killed or restarted independently of everything else (the fault tests).
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain DATA_DIR PORT");
            System.exit(2);
        }
        LocalBroker broker = LocalBroker.start(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        System.out.println("BROKER READY " + broker.bootstrapServers());
        stopped.await();
    }
}
