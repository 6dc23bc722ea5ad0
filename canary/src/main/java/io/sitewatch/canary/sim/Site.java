package io.sitewatch.canary.sim;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime state of one simulated site: its behaviour with pre-encoded answers, its down switch and
 * its request counter. Thread-safe: the behaviour is replaced as a whole, never mutated.
 */
final class Site {

    private final String name;
    private volatile Compiled compiled;
    private volatile boolean down;
    private final AtomicLong requests = new AtomicLong();

    Site(String name, SiteBehavior behavior) {
        this.name = name;
        this.compiled = new Compiled(name, behavior);
    }

    String name() {
        return name;
    }

    SiteBehavior behavior() {
        return compiled.behavior;
    }

    /** Replaces the behaviour; restarts its status sequence. */
    void define(SiteBehavior behavior) {
        this.compiled = new Compiled(name, behavior);
    }

    void setDown(boolean down) {
        this.down = down;
    }

    boolean isDown(Instant now) {
        return down || compiled.behavior.inOutage(now);
    }

    /** Counts a request routed to this site and returns the behaviour snapshot to answer it with. */
    Compiled accept() {
        requests.incrementAndGet();
        return compiled;
    }

    long requestCount() {
        return requests.get();
    }

    void resetCount() {
        requests.set(0);
    }

    /** One behaviour with its answers encoded once. */
    static final class Compiled {
        final SiteBehavior behavior;
        private final byte[][] answers;
        private final AtomicLong sequence = new AtomicLong();
        final byte[] redirectToSelf;
        final byte[] redirectToLoop;
        final byte[] redirectToBase;
        final byte[] body;

        Compiled(String name, SiteBehavior behavior) {
            this.behavior = behavior;
            this.body = Responses.body(behavior.body(), behavior.bodySize());
            this.answers = behavior.statuses().stream()
                    .map(status -> Responses.complete(status, body, null))
                    .toArray(byte[][]::new);
            String base = "/site/" + name;
            this.redirectToSelf = Responses.complete(302, "redirect\n", base);
            this.redirectToLoop = Responses.complete(302, "redirect\n", base + "/loop");
            this.redirectToBase = Responses.complete(302, "redirect\n", base);
        }

        /** @return the next answer of the status sequence */
        byte[] nextAnswer() {
            if (answers.length == 1) {
                return answers[0];
            }
            return answers[(int) (sequence.getAndIncrement() % answers.length)];
        }
    }
}
