package io.sitewatch.prober.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The publish buffer: FIFO, bounded, oldest dropped and counted, failed sends back at the head. */
@Timeout(5)
class DropOldestBufferTest {
    @Test
    void keepsOrderAndDropsTheOldestPastItsCapacity() throws Exception {
        DropOldestBuffer<Integer> b = new DropOldestBuffer<>(3);
        assertThat(b.add(1)).isNull();
        b.add(2);
        b.add(3);
        assertThat(b.add(4)).isEqualTo(1);
        assertThat(b.add(5)).isEqualTo(2);
        assertThat(b.dropped()).isEqualTo(2);
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.take(10, 0)).containsExactly(3, 4, 5);
    }

    @Test
    void aFailedSendGoesBackToTheHeadUnlessFull() throws Exception {
        DropOldestBuffer<Integer> b = new DropOldestBuffer<>(2);
        b.add(2);
        assertThat(b.addFirst(1)).isTrue();
        assertThat(b.addFirst(0)).as("full: the requeued one is the oldest, so it goes").isFalse();
        assertThat(b.dropped()).isEqualTo(1);
        assertThat(b.take(1, 0)).containsExactly(1);
        assertThat(b.take(1, 0)).containsExactly(2);
    }

    @Test
    void takeWaitsForTheFirstElementOnly() throws Exception {
        DropOldestBuffer<Integer> b = new DropOldestBuffer<>(10);
        long t0 = System.nanoTime();
        assertThat(b.take(5, 100)).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(90);
        Thread adder = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                return;
            }
            b.add(7);
        });
        adder.start();
        assertThat(b.take(5, 2_000)).containsExactly(7);
        adder.join();
    }

    @Test
    void rejectsAZeroCapacity() {
        assertThatThrownBy(() -> new DropOldestBuffer<>(0)).hasMessage("buffer capacity must be at least 1, was 0");
    }
}
