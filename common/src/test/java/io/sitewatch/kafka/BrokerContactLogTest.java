package io.sitewatch.kafka;

import static io.sitewatch.kafka.BrokerContactLog.Change.BACK;
import static io.sitewatch.kafka.BrokerContactLog.Change.LOST;
import static io.sitewatch.kafka.BrokerContactLog.Change.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.kafka.BrokerContactLog.Change;
import io.sitewatch.kafka.BrokerContactLog.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerContactLogTest {
    /** One sample a second from t = 0; 'c' connected, '-' not. */
    private static List<Change> run(String samples) {
        Tracker t = new Tracker(10_000);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < samples.length(); i++) {
            changes.add(t.sample(samples.charAt(i) == 'c', i * 1000L));
        }
        return changes;
    }

    private static List<Change> changes(List<Change> all) {
        return all.stream().filter(c -> c != NONE).toList();
    }

    @Test
    void anOutageIsLoggedOnceAfterTheGraceAndItsEndOnce() {
        List<Change> c = run("ccc" + "-".repeat(30) + "cccc");
        assertEquals(List.of(LOST, BACK), changes(c));
        assertEquals(LOST, c.get(3 + 10), "logged once the contact has been lost for 10 s");
        assertEquals(BACK, c.get(3 + 30 + 1), "back on the second connected check in a row");
    }

    @Test
    void aLossShorterThanTheGraceIsNotAnOutage() {
        assertEquals(List.of(), changes(run("ccc" + "-".repeat(9) + "cc" + "-".repeat(9) + "ccc")));
    }

    @Test
    void aSingleConnectedCheckDuringAnOutageIsNotItsEnd() {
        // a connection being set up counts as one: a reconnect attempt must not end the outage and start another
        assertEquals(List.of(LOST, BACK), changes(run("c" + "-".repeat(15) + "c" + "-".repeat(15) + "cc")));
    }

    @Test
    void nothingBeforeTheFirstConnection() {
        // a wrong address or a broker not up yet at start: the services log their own start-up waits
        assertEquals(List.of(), changes(run("-".repeat(60))));
    }

    @Test
    void theOutageLengthIsReported() {
        Tracker t = new Tracker(10_000);
        t.sample(true, 0);
        t.sample(false, 1_000);
        assertEquals(LOST, t.sample(false, 11_000));
        assertEquals(10_000, t.outageMillis());
        t.sample(true, 41_000);
        assertEquals(BACK, t.sample(true, 42_000));
        assertEquals(41_000, t.outageMillis());
    }
}
