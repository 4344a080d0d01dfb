package dev.versioned.processor.kafka;

/**
 * Which reply topics the processor can write to. A request names its reply topic; a topic that does
 * not exist (or may not be written) must cost that reply only: sending to it would block the stream
 * thread on metadata and then fail the whole transaction, on every try.
 */
public interface ReplyTopics {

    /** Streams config key carrying the instance to the production exception handler. */
    String CONFIG = "inventory.reply.topics";

    /** Whether a reply may be sent to this topic now; answers within a bounded time. */
    boolean writable(String topic);

    /** Records that a send to this topic failed, so that replies to it are skipped for a while. */
    void markUnwritable(String topic, String why);

    /** Every topic is writable: for {@code TopologyTestDriver}, which never fails a send, and the benchmark. */
    static ReplyTopics assumeWritable() {
        return new ReplyTopics() {
            @Override
            public boolean writable(String topic) {
                return true;
            }

            @Override
            public void markUnwritable(String topic, String why) {
                // nothing is ever unwritable here
            }
        };
    }
}
