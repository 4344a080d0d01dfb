package dev.versioned.processor.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reply topics checked with the Admin API and remembered: a topic is writable when it exists and, where
 * the cluster has an authorizer, this principal may write it.
 *
 * <p>The first reply to a topic waits for one describe call of at most {@link #CHECK_TIMEOUT} (a topic
 * that does not exist is answered at once; only an unreachable broker takes the whole timeout). After
 * that the verdict is served from memory: a writable topic is re-checked in the background every
 * {@link #WRITABLE_FOR} while replies keep going to it, an unwritable one is checked again after
 * {@link #UNWRITABLE_FOR}. A topic deleted while remembered as writable fails one send; the production
 * exception handler then marks it unwritable ({@link #markUnwritable}), and the retried request is
 * decided without that reply.
 */
public final class AdminReplyTopics implements ReplyTopics {

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    static final Duration WRITABLE_FOR = Duration.ofMinutes(5);
    static final Duration UNWRITABLE_FOR = Duration.ofSeconds(30);
    /** Verdicts kept at most; a hostile producer naming a million topics must not grow the heap without bound. */
    static final int REMEMBERED = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AdminReplyTopics.class);

    private record Verdict(boolean writable, long checkedAtNanos) {}

    private final Admin admin;
    private final LongSupplier nanoClock;
    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

    public AdminReplyTopics(Admin admin) {
        this(admin, System::nanoTime);
    }

    AdminReplyTopics(Admin admin, LongSupplier nanoClock) {
        this.admin = admin;
        this.nanoClock = nanoClock;
    }

    @Override
    public boolean writable(String topic) {
        Verdict known = verdicts.get(topic);
        long now = nanoClock.getAsLong();
        if (known != null && known.writable()) {
            if (now - known.checkedAtNanos() > WRITABLE_FOR.toNanos()) {
                // Keep answering from memory; refresh without holding the stream thread.
                verdicts.put(topic, new Verdict(true, now));
                describe(topic)
                        .whenComplete((description, error) ->
                                remember(topic, error == null ? writable(description) : verdictOf(topic, error)));
            }
            return true;
        }
        if (known != null && now - known.checkedAtNanos() <= UNWRITABLE_FOR.toNanos()) {
            return false;
        }
        return remember(topic, check(topic));
    }

    @Override
    public void markUnwritable(String topic, String why) {
        LOG.warn("replies to {} are skipped for {}: {}", topic, UNWRITABLE_FOR, why);
        remember(topic, false);
    }

    private boolean check(String topic) {
        try {
            return writable(describe(topic).get(CHECK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return verdictOf(topic, e.getCause());
        } catch (TimeoutException e) {
            LOG.warn(
                    "could not check reply topic {} within {}; its replies are skipped for {}",
                    topic,
                    CHECK_TIMEOUT,
                    UNWRITABLE_FOR);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private KafkaFuture<TopicDescription> describe(String topic) {
        return admin.describeTopics(
                        List.of(topic),
                        new DescribeTopicsOptions()
                                .includeAuthorizedOperations(true)
                                .timeoutMs((int) CHECK_TIMEOUT.toMillis()))
                .topicNameValues()
                .get(topic);
    }

    private static boolean writable(TopicDescription description) {
        Set<AclOperation> allowed = description.authorizedOperations();
        // No authorizer: the broker does not report operations, and everything may be written.
        return allowed == null
                || allowed.isEmpty()
                || allowed.contains(AclOperation.WRITE)
                || allowed.contains(AclOperation.ALL);
    }

    private static boolean verdictOf(String topic, Throwable error) {
        if (error instanceof UnknownTopicOrPartitionException) {
            LOG.warn(
                    "reply topic {} does not exist; replies to it are skipped (results stay on the results topic)",
                    topic);
        } else {
            LOG.warn("reply topic {} cannot be written; replies to it are skipped: {}", topic, error.toString());
        }
        return false;
    }

    private boolean remember(String topic, boolean writable) {
        if (verdicts.size() >= REMEMBERED && !verdicts.containsKey(topic)) {
            verdicts.clear();
        }
        verdicts.put(topic, new Verdict(writable, nanoClock.getAsLong()));
        return writable;
    }
}
