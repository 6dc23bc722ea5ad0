package io.sitewatch.prober.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Scheduled starts exactly the interval apart are recorded exactly the interval apart; clock steps are followed. */
class SystemProberClockTest {
    private static final Instant WALL_AT_ZERO = Instant.parse("2026-11-22T05:00:00Z");

    /**
     * A machine whose threads wait between two clock reads: every read happens 0 to 3 ms after the one before
     * (a busy machine; on a quiet one the waits are microseconds). {@code wallOffset} moves the wall clock.
     */
    private static final class BusyMachine {
        private final Random random = new Random(42);
        long now;
        long wallOffset;

        long monotonic() {
            now += random.nextInt(3_000_000);
            return now;
        }

        Instant wall() {
            now += random.nextInt(3_000_000);
            return WALL_AT_ZERO.plusNanos(now + wallOffset);
        }
    }

    @Test
    void slotsExactlyTheIntervalApartAreRecordedExactlyTheIntervalApartOnABusyMachine() {
        BusyMachine machine = new BusyMachine();
        SystemProberClock clock = new SystemProberClock(machine::monotonic, machine::wall);
        long first = clock.nanoTime();
        Instant start = clock.instantAt(first);
        for (int k = 1; k <= 1_000; k++) {
            long slot = first + k * 2_000_000_000L;
            machine.now = Math.max(machine.now, slot);
            assertThat(Duration.between(start, clock.instantAt(slot))).as("slot %d", k).isEqualTo(Duration.ofSeconds(2L * k));
        }
        // and the instants are the wall clock's, to within the waits
        assertThat(Duration.between(WALL_AT_ZERO.plusNanos(first), start).abs()).isLessThan(Duration.ofMillis(6));
    }

    @Test
    void aStepOfTheWallClockIsFollowed() {
        BusyMachine machine = new BusyMachine();
        SystemProberClock clock = new SystemProberClock(machine::monotonic, machine::wall);
        long slot = clock.nanoTime();
        Instant before = clock.instantAt(slot);
        machine.wallOffset += Duration.ofSeconds(-3).toNanos(); // NTP steps the wall clock back 3 s
        Instant after = clock.instantAt(slot);
        assertThat(Duration.between(before, after).plusSeconds(3).abs()).isLessThan(Duration.ofMillis(6));
    }

    @Test
    void theSystemClockRecordsSlotsExactlyTheIntervalApart() {
        ProberClock clock = ProberClock.SYSTEM;
        long first = clock.nanoTime();
        Instant start = clock.instantAt(first);
        for (int k = 1; k <= 20_000; k++) {
            Instant t = clock.instantAt(first + k * 10_000_000_000L);
            assertThat(Duration.between(start, t)).as("slot %d", k).isEqualTo(Duration.ofSeconds(10L * k));
        }
        assertThat(Duration.between(Instant.now(), clock.instantAt(clock.nanoTime())).abs())
                .isLessThan(Duration.ofMillis(50));
    }
}
