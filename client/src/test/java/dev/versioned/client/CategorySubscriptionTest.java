package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.kafka.EventsTopic;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link CategorySubscription} on the real broker, over a 4-partition events topic written as the processor writes
 * it (key = the stream, in position order).
 */
class CategorySubscriptionTest {

    private final EventsTopic events = new EventsTopic(4);
    private final List<CategorySubscription> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(CategorySubscription::close);
    }

    private CategorySubscription subscribe(String group, Checkpoint from, StreamEventHandler handler) {
        CategorySubscription subscription =
                CategorySubscription.start(events.clients, events.name, "account-*", group, from, handler);
        started.add(subscription);
        return subscription;
    }

    @Test
    @DisplayName("given a subscription from the beginning, it gets the category's events with global positions, and"
            + " no other category's")
    void categoryOnly() throws Exception {
        // given
        events.append("account-1", "order-1", "account-2", "accounting-1", "account-1");
        List<StreamEvent> seen = new CopyOnWriteArrayList<>();
        // when
        subscribe(TestKafka.unique("g"), Checkpoint.beginning(), seen::add);
        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 3);
        assertThat(seen).extracting(StreamEvent::stream).containsOnly("account-1", "account-2");
        assertThat(seen).allSatisfy(event -> assertThat(event.globalPosition()).isPresent());
    }

    @Test
    @DisplayName("given a handler that fails at an event, the subscription stops there, and the group's next member"
            + " begins with that event")
    void failureStopsAtTheEvent() throws Exception {
        // given
        events.append("account-5", "account-5", "account-5");
        String group = TestKafka.unique("g");
        List<Long> first = new CopyOnWriteArrayList<>();
        // when the handler fails at position 1
        CategorySubscription failing = subscribe(group, Checkpoint.beginning(), event -> {
            if (event.position() == 1) {
                throw new IllegalStateException("cannot handle " + event.position());
            }
            first.add(event.position());
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> !failing.isRunning());
        // then
        assertThat(failing.failure()).containsInstanceOf(IllegalStateException.class);
        assertThat(first).containsExactly(0L);
        List<Long> next = new CopyOnWriteArrayList<>();
        subscribe(group, Checkpoint.beginning(), event -> next.add(event.position()));
        await().atMost(Duration.ofSeconds(30)).until(() -> next.size() >= 2);
        assertThat(next).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("given a checkpoint after a global position, a new group starts just after it")
    void checkpointAfter() throws Exception {
        events.append("account-7", "account-7", "account-7");
        List<StreamEvent> all = new CopyOnWriteArrayList<>();
        subscribe(TestKafka.unique("g"), Checkpoint.beginning(), all::add);
        await().atMost(Duration.ofSeconds(30)).until(() -> all.size() >= 3);

        List<Long> resumed = new CopyOnWriteArrayList<>();
        subscribe(
                TestKafka.unique("g"),
                Checkpoint.after(List.of(all.get(0).globalPosition().orElseThrow())),
                event -> resumed.add(event.position()));

        await().atMost(Duration.ofSeconds(30)).until(() -> resumed.size() >= 2);
        assertThat(resumed).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("a category is account or account-*, nothing else")
    void categoryPattern() {
        assertThat(CategorySubscription.category("account-*")).isEqualTo("account");
        assertThat(CategorySubscription.category("account")).isEqualTo("account");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CategorySubscription.category("account-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
