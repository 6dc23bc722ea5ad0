package io.sitewatch.stats.api;

import io.sitewatch.json.Json;
import io.sitewatch.model.SiteStats;
import io.sitewatch.model.StatsReport;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A {@link StatsReport} as JSON, byte for byte what {@link Json#writeBytes} gives, but with the sites of a large
 * report written on all cores: 10,000 sites are 4 MB of JSON, the larger part of answering {@code /api/stats}
 * once the aggregates are kept up to date.
 */
final class ReportJson {
    /** Reports with fewer sites are written in one go. */
    static final int PARALLEL_SITES = 2_000;

    private ReportJson() {
    }

    static byte[] write(StatsReport report) {
        List<SiteStats> sites = report.sites();
        int parts = Math.min(Runtime.getRuntime().availableProcessors(), sites.size() / (PARALLEL_SITES / 2));
        if (sites.size() < PARALLEL_SITES || parts < 2) {
            return Json.writeBytes(report);
        }
        // {"window":…,"to":…,"sites":[] with the sites spliced in before the closing "]}"
        byte[] empty = Json.writeBytes(new StatsReport(report.window(), report.from(), report.to(), List.of()));
        int slice = (sites.size() + parts - 1) / parts;
        byte[][] arrays = IntStream.range(0, parts).parallel()
                .mapToObj(p -> Json.writeBytes(sites.subList(Math.min(sites.size(), p * slice),
                        Math.min(sites.size(), (p + 1) * slice))))
                .toArray(byte[][]::new);
        int size = empty.length - 1; // less one comma: there is one between parts, not before the first
        for (byte[] a : arrays) {
            size += a.length - 1; // less its brackets, plus its comma
        }
        byte[] out = new byte[size];
        int at = empty.length - 2;
        System.arraycopy(empty, 0, out, 0, at);
        for (int i = 0; i < arrays.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            System.arraycopy(arrays[i], 1, out, at, arrays[i].length - 2);
            at += arrays[i].length - 2;
        }
        System.arraycopy(empty, empty.length - 2, out, at, 2);
        return out;
    }
}
