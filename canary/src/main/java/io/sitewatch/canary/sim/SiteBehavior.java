package io.sitewatch.canary.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one simulated site answers: an immutable value, built with {@link #builder()} or one of the static
 * factories, and installed with {@link SimulatedSites#define(String, SiteBehavior)}.
 *
 * <p>A request is answered in this order: if the site is down ({@link SimulatedSites#setDown(String, boolean)}
 * or inside an {@link Outage}), it gets the {@link DownMode} answer; otherwise the server waits
 * {@code latency}, then applies the {@link Fault}, or, with no fault, answers the next status of
 * {@code statuses} (cycled per request) with the body.
 *
 * @param latency  wait before the first response byte; zero for none
 * @param statuses the status codes answered in turn, one per request, cycling; at least one, 200..599
 * @param body     the body text (UTF-8)
 * @param bodySize the exact body size in bytes: the text is repeated or cut to this size; -1 for the text as is
 * @param outages  time windows in which the site is down
 * @param downMode what a down site answers
 * @param fault    a misbehaviour replacing the normal answer, {@link Fault#NONE} for none
 * @param faultDelay for {@link Fault#SLOW_HEADERS}: the pause between two header lines
 * @param faultSize  for {@link Fault#SLOW_HEADERS}: the number of dribbled header lines; for
 *                   {@link Fault#HUGE_HEADERS}: the total size of the headers in bytes
 */
public record SiteBehavior(
        Duration latency,
        List<Integer> statuses,
        String body,
        int bodySize,
        List<Outage> outages,
        DownMode downMode,
        Fault fault,
        Duration faultDelay,
        int faultSize) {

    /** The default body: contains {@code ok}, so a {@code bodyContains: "ok"} expectation passes. */
    public static final String DEFAULT_BODY = "ok";

    /** The body of {@link #wrongContent()}: deliberately free of {@code ok}. */
    public static final String WRONG_BODY = "Under maintenance. Please come back later.";

    /** Misbehaviours that replace the normal answer. */
    public enum Fault {
        /** Answer normally. */
        NONE,
        /** Send the status line, then header lines one at a time with {@code faultDelay} between them. */
        SLOW_HEADERS,
        /** Send a 200 with no length and stream the body until the client closes the connection. */
        ENDLESS_BODY,
        /** Answer 302 with {@code Location} pointing to the same path. */
        REDIRECT_SELF,
        /** Answer 302 alternating between {@code /site/{name}} and {@code /site/{name}/loop}. */
        REDIRECT_PING_PONG,
        /** Read the request, then reset the connection (RST, via {@code SO_LINGER 0}). */
        CONNECTION_RESET,
        /** Send {@code faultSize} bytes of headers before a small 200 body. */
        HUGE_HEADERS,
        /** Read the request and never answer; the connection stays open until the client closes it. */
        HANG
    }

    /** What a down site answers. */
    public enum DownMode {
        /** {@code 503 Service Unavailable}. */
        STATUS_503,
        /** A connection reset right after the request is read. */
        RESET
    }

    /**
     * A window of time in which the site is down: {@code from} inclusive, {@code until} exclusive.
     *
     * @param from  the first instant of the outage
     * @param until the first instant after the outage
     */
    public record Outage(Instant from, Instant until) {
        /** Validates the window. */
        public Outage {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("outage until must be after from, was from=" + from
                        + " until=" + until);
            }
        }

        /**
         * @param now an instant
         * @return whether {@code now} is inside the window
         */
        public boolean contains(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }

    /** Validates every field; see the record description. */
    public SiteBehavior {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        statuses = List.copyOf(statuses);
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("statuses must not be empty");
        }
        for (int status : statuses) {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status must be 200..599, was " + status);
            }
        }
        Objects.requireNonNull(body, "body");
        if (bodySize < -1) {
            throw new IllegalArgumentException("bodySize must be -1 (the text as is) or at least 0, was " + bodySize);
        }
        outages = List.copyOf(outages);
        Objects.requireNonNull(downMode, "downMode");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(faultDelay, "faultDelay");
        if (faultDelay.isNegative()) {
            throw new IllegalArgumentException("faultDelay must not be negative, was " + faultDelay);
        }
        if (faultSize < 0) {
            throw new IllegalArgumentException("faultSize must not be negative, was " + faultSize);
        }
    }

    /** @return a builder starting from {@link #ok()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this behaviour */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return a healthy site: immediate {@code 200} with body {@value #DEFAULT_BODY} */
    public static SiteBehavior ok() {
        return builder().build();
    }

    /**
     * @param status the status code of every answer
     * @return a site answering {@code status} immediately
     */
    public static SiteBehavior status(int status) {
        return builder().status(status).build();
    }

    /**
     * @param statuses the status codes answered in turn, cycling
     * @return a site answering these statuses one per request
     */
    public static SiteBehavior statusSequence(int... statuses) {
        return builder().statusSequence(statuses).build();
    }

    /**
     * @param latency the wait before the headers
     * @return a healthy site answering after {@code latency}
     */
    public static SiteBehavior latency(Duration latency) {
        return builder().latency(latency).build();
    }

    /** @return a site answering {@code 200} with {@value #WRONG_BODY} */
    public static SiteBehavior wrongContent() {
        return builder().body(WRONG_BODY).build();
    }

    /**
     * @param pause the pause between two header lines
     * @param lines the number of header lines dribbled
     * @return a site whose headers arrive slowly (total about {@code pause × lines})
     */
    public static SiteBehavior slowHeaders(Duration pause, int lines) {
        return builder().fault(Fault.SLOW_HEADERS).faultDelay(pause).faultSize(lines).build();
    }

    /** @return a site streaming its body until the client closes */
    public static SiteBehavior endlessBody() {
        return builder().fault(Fault.ENDLESS_BODY).build();
    }

    /** @return a site redirecting to itself forever */
    public static SiteBehavior redirectLoop() {
        return builder().fault(Fault.REDIRECT_SELF).build();
    }

    /** @return a site redirecting back and forth between two paths forever */
    public static SiteBehavior redirectPingPong() {
        return builder().fault(Fault.REDIRECT_PING_PONG).build();
    }

    /** @return a site resetting every connection after reading the request */
    public static SiteBehavior connectionReset() {
        return builder().fault(Fault.CONNECTION_RESET).build();
    }

    /**
     * @param bytes the total size of the response headers
     * @return a site answering with headers of about {@code bytes} bytes
     */
    public static SiteBehavior hugeHeaders(int bytes) {
        return builder().fault(Fault.HUGE_HEADERS).faultSize(bytes).build();
    }

    /** @return a site that reads the request and never answers */
    public static SiteBehavior hang() {
        return builder().fault(Fault.HANG).build();
    }

    /**
     * @param now an instant
     * @return whether one of the outage windows contains {@code now}
     */
    public boolean inOutage(Instant now) {
        for (Outage outage : outages) {
            if (outage.contains(now)) {
                return true;
            }
        }
        return false;
    }

    /** Builds a {@link SiteBehavior}; starts as a healthy site. Not thread-safe. */
    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private List<Integer> statuses = List.of(200);
        private String body = DEFAULT_BODY;
        private int bodySize = -1;
        private final List<Outage> outages = new ArrayList<>();
        private DownMode downMode = DownMode.STATUS_503;
        private Fault fault = Fault.NONE;
        private Duration faultDelay = Duration.ZERO;
        private int faultSize = 0;

        private Builder() {
        }

        private Builder(SiteBehavior from) {
            latency = from.latency;
            statuses = from.statuses;
            body = from.body;
            bodySize = from.bodySize;
            outages.addAll(from.outages);
            downMode = from.downMode;
            fault = from.fault;
            faultDelay = from.faultDelay;
            faultSize = from.faultSize;
        }

        /** @param latency wait before the first response byte @return this builder */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** @param status the status code of every answer @return this builder */
        public Builder status(int status) {
            this.statuses = List.of(status);
            return this;
        }

        /** @param statuses status codes answered in turn, cycling per request @return this builder */
        public Builder statusSequence(int... statuses) {
            List<Integer> list = new ArrayList<>();
            for (int status : statuses) {
                list.add(status);
            }
            this.statuses = list;
            return this;
        }

        /** @param body the body text @return this builder */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /** @param bytes exact body size; the text is repeated or cut to fit @return this builder */
        public Builder bodySize(int bytes) {
            this.bodySize = bytes;
            return this;
        }

        /** @param from first instant down @param until first instant up again @return this builder */
        public Builder outage(Instant from, Instant until) {
            this.outages.add(new Outage(from, until));
            return this;
        }

        /** @param downMode what the site answers while down @return this builder */
        public Builder whenDown(DownMode downMode) {
            this.downMode = downMode;
            return this;
        }

        /** @param fault the misbehaviour @return this builder */
        public Builder fault(Fault fault) {
            this.fault = fault;
            return this;
        }

        /** @param delay pause between dribbled header lines @return this builder */
        public Builder faultDelay(Duration delay) {
            this.faultDelay = delay;
            return this;
        }

        /** @param size dribbled header lines, or total size of huge headers @return this builder */
        public Builder faultSize(int size) {
            this.faultSize = size;
            return this;
        }

        /** @return the behaviour @throws IllegalArgumentException if a field is invalid */
        public SiteBehavior build() {
            return new SiteBehavior(latency, statuses, body, bodySize, outages, downMode, fault, faultDelay,
                    faultSize);
        }
    }
}
