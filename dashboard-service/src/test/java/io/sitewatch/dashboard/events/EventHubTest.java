package io.sitewatch.dashboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventHubTest {
    static final class ListSink implements EventSink {
        final List<String> got = new CopyOnWriteArrayList<>();
        final CountDownLatch gate;
        volatile boolean closed;

        ListSink(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void send(String event, String data) throws Exception {
            gate.await();
            got.add(event + ":" + data);
        }

        @Override
        public void comment(String text) {
            got.add("#" + text);
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachClientGetsTheSnapshotThenEveryEventInOrder() {
        try (EventHub hub = new EventHub(2, 100, Duration.ofHours(1), () -> { })) {
            ListSink a = new ListSink(new CountDownLatch(0));
            ListSink b = new ListSink(new CountDownLatch(0));
            hub.connect(a, List.of(new ServerEvent("stats", "s0")));
            hub.connect(b, List.of());
            for (int i = 0; i < 50; i++) {
                hub.publish(new ServerEvent("alert", "a" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> a.got.size() == 51 && b.got.size() == 50);
            assertThat(a.got.get(0)).isEqualTo("stats:s0");
            assertThat(a.got.subList(1, 51)).isEqualTo(b.got);
            assertThat(b.got.get(49)).isEqualTo("alert:a49");
        }
    }

    @Test
    void aClientThatFallsTooFarBehindIsDroppedWithoutDelayingOthers() {
        AtomicInteger dropped = new AtomicInteger();
        try (EventHub hub = new EventHub(2, 10, Duration.ofHours(1), dropped::incrementAndGet)) {
            CountDownLatch stuck = new CountDownLatch(1);
            ListSink slow = new ListSink(stuck);
            ListSink fast = new ListSink(new CountDownLatch(0));
            hub.connect(slow, List.of());
            hub.connect(fast, List.of());
            for (int i = 0; i < 20; i++) {
                hub.publish(new ServerEvent("alert", "a" + i));
                int sent = i + 1;
                // the fast client keeps up (a burst larger than the queue would drop it too: that is the bound)
                await().atMost(Duration.ofSeconds(5)).until(() -> fast.got.size() == sent);
            }
            assertThat(dropped.get()).isEqualTo(1);
            assertThat(slow.closed).isTrue();
            assertThat(hub.clients()).isEqualTo(1);
            stuck.countDown();
        }
    }

    @Test
    void aFullHubRefusesTheNextClientClosesItAndCountsIt() {
        try (EventHub hub = new EventHub(1, 10, Duration.ofHours(1), () -> { }, 2)) {
            ListSink a = new ListSink(new CountDownLatch(0));
            ListSink b = new ListSink(new CountDownLatch(0));
            ListSink c = new ListSink(new CountDownLatch(0));
            Runnable leaveA = hub.connect(a, List.of());
            hub.connect(b, List.of());
            assertThat(hub.full()).isTrue();
            hub.connect(c, List.of());
            assertThat(c.closed).isTrue();
            assertThat(a.closed).isFalse();
            assertThat(hub.clients()).isEqualTo(2);
            assertThat(hub.refused()).isEqualTo(1);
            leaveA.run();
            assertThat(hub.full()).as("a place is free again").isFalse();
            ListSink d = new ListSink(new CountDownLatch(0));
            hub.connect(d, List.of());
            assertThat(d.closed).isFalse();
            assertThat(hub.clients()).isEqualTo(2);
        }
    }

    @Test
    void disconnectingRemovesTheClient() {
        try (EventHub hub = new EventHub(1, 10, Duration.ofMillis(50), () -> { })) {
            ListSink a = new ListSink(new CountDownLatch(0));
            Runnable bye = hub.connect(a, List.of());
            await().atMost(Duration.ofSeconds(2)).until(() -> a.got.contains("#keep-alive"));
            bye.run();
            assertThat(hub.clients()).isZero();
        }
    }
}
