package io.sitewatch.stats.store;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random but reproducible check histories: several sites, probers and regions, every kind of outcome. */
public final class Histories {
    private static final ErrorClass[] SITE_ERRORS = {ErrorClass.DNS, ErrorClass.CONNECT, ErrorClass.CONNECT_TIMEOUT,
        ErrorClass.TLS, ErrorClass.TIMEOUT};

    private Histories() {
    }

    /**
     * One check per site and prober every {@code interval} over [start, start + span), each at a random
     * millisecond inside its interval slot (distinct per prober, so keys never collide).
     */
    public static List<Measurement> random(long seed, int sites, int probers, Instant start, Duration span,
                                           Duration interval) {
        Random random = new Random(seed);
        List<Measurement> out = new ArrayList<>();
        long slots = span.toMillis() / interval.toMillis();
        long slotWidth = interval.toMillis() / probers;
        for (int s = 0; s < sites; s++) {
            String site = "site-" + seed + "-" + s;
            double downRate = random.nextDouble() * 0.5;
            for (int p = 0; p < probers; p++) {
                String prober = "prober-" + p;
                for (long i = 0; i < slots; i++) {
                    Instant time = start.plusMillis(i * interval.toMillis() + p * slotWidth
                            + random.nextInt((int) slotWidth));
                    out.add(one(random, site, prober, p % 2 == 0 ? "eu" : "us", time, downRate));
                }
            }
        }
        return out;
    }

    static Measurement one(Random random, String site, String prober, String region, Instant time, double downRate) {
        String id = site + "/" + prober + "/" + time.toEpochMilli();
        String url = "https://" + site + ".example/";
        double roll = random.nextDouble();
        if (roll < 0.03) {
            return Measurement.overloaded(id, site, url, prober, region, time, "lag 9s");
        }
        double response = Math.round(Math.exp(random.nextGaussian() * 1.2 + 4.5) * 1000) / 1000.0;
        if (random.nextInt(50) == 0) {
            response = random.nextDouble(); // sub-millisecond
        }
        double ttfb = Math.round(response * random.nextDouble() * 1000) / 1000.0;
        if (random.nextDouble() < downRate) {
            int kind = random.nextInt(3);
            if (kind == 0) { // a response with a bad status
                int status = random.nextBoolean() ? 500 : 503;
                return new Measurement(id, site, url, prober, region, time, false, status, response, ttfb, 1.0, 2.0,
                        3.0, 10L, new MeasurementError(ErrorClass.STATUS, "status " + status));
            }
            if (kind == 1) { // a body without the expected text, ttfb unknown
                return new Measurement(id, site, url, prober, region, time, false, 200, response, null, 1.0, 2.0,
                        3.0, 10L, new MeasurementError(ErrorClass.BODY, "missing text"));
            }
            ErrorClass c = SITE_ERRORS[random.nextInt(SITE_ERRORS.length)];
            return new Measurement(id, site, url, prober, region, time, false, null, null, null, null, null, null,
                    null, new MeasurementError(c, c.name().toLowerCase()));
        }
        int status = random.nextInt(10) == 0 ? 301 : 200;
        return new Measurement(id, site, url, prober, region, time, true, status, response, ttfb, 1.5, 2.5, 3.5,
                512L, null);
    }
}
