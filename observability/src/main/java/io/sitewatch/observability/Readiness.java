package io.sitewatch.observability;

import io.sitewatch.BuildInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health/live} and {@code /health/ready}, the same in every service. Live: 200 while the process serves
 * HTTP. Ready: 200 when the service's dependencies are reachable (the check is the service's: Kafka consumer
 * assigned, store reachable, Kafka Streams RUNNING…), else 503 with the reason. Both bodies carry the build info.
 */
public final class Readiness {
    /** A readiness answer: {@code ready} and the details shown in the body. */
    public record Check(boolean ready, Map<String, Object> details) {
        public static Check of(boolean ready, Map<String, Object> details) {
            return new Check(ready, details);
        }
    }

    /** An HTTP answer: status code and JSON body. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private final Supplier<Check> check;

    public Readiness(Supplier<Check> check) {
        this.check = check;
    }

    public Answer live() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.putAll(BuildInfo.current().asMap());
        return new Answer(200, body);
    }

    public Answer ready() {
        Check c;
        try {
            c = check.get();
        } catch (RuntimeException e) {
            c = Check.of(false, Map.of("error", e.getClass().getSimpleName()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", c.ready() ? "READY" : "NOT_READY");
        body.putAll(c.details());
        body.putAll(BuildInfo.current().asMap());
        return new Answer(c.ready() ? 200 : 503, body);
    }
}
