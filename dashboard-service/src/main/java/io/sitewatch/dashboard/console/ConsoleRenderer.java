package io.sitewatch.dashboard.console;

import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.SiteStats;
import io.sitewatch.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws the console screen from a {@link ConsoleModel}: a title line, one table per view (site, status,
 * availability, avg/max response, p95, avg/max TTFB, response codes; on a terminal too narrow for them all, the max
 * TTFB, the average TTFB and then the max response give way to the site names and the codes) and the alert log in the
 * rows left, newest first. Pure: the same model, size and time give the same lines, so it is tested without a terminal.
 */
public final class ConsoleRenderer {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
    static final AttributedStyle BOLD = AttributedStyle.BOLD;
    static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    static final AttributedStyle RED = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
    static final AttributedStyle GREEN = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN).bold();
    static final AttributedStyle YELLOW = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle HEADER = AttributedStyle.DEFAULT.inverse();

    /** Column widths after the site column: status, availability, avg, max, p95, ttfb avg, ttfb max. */
    private static final int[] WIDTHS = {8, 9, 9, 9, 9, 9, 9};
    private static final String[] TITLES = {"STATUS", "AVAIL", "AVG", "MAX", "P95", "TTFB AVG", "TTFB MAX"};
    /** The columns given up, in this order, when the terminal is too narrow for the site names and the codes. */
    private static final int[] OPTIONAL = {6, 5, 3};
    /** Room the codes column needs to say something ({@code 200×360}, {@code CONNECT×12}). */
    private static final int CODES_NEED = 11;
    /** Room the codes column is given before the site column grows past its longest name. */
    private static final int CODES_WANT = 20;

    private final String dashboard;
    private final ZoneId zone;

    public ConsoleRenderer(String dashboard, ZoneId zone) {
        this.dashboard = dashboard;
        this.zone = zone;
    }

    public List<AttributedString> render(ConsoleModel model, int width, int height, Instant now) {
        width = Math.max(40, width);
        List<AttributedString> lines = new ArrayList<>();
        lines.add(title(model, width, now));
        if (!model.connected() && model.problem() != null) {
            lines.add(new AttributedString(fit(model.problem() + " — retrying", width), YELLOW));
        }
        List<ViewSnapshot> views = model.views();
        if (views.isEmpty()) {
            lines.add(new AttributedString("waiting for the first stats…", DIM));
        }
        for (ViewSnapshot v : views) {
            lines.add(AttributedString.EMPTY);
            lines.addAll(view(v, model, width, now));
        }
        lines.add(AttributedString.EMPTY);
        lines.add(new AttributedString(fit("ALERTS (newest first)", width), BOLD));
        int room = Math.max(1, height - lines.size() - 1);
        List<Alert> alerts = model.alerts(room);
        if (alerts.isEmpty()) {
            lines.add(new AttributedString("no alerts", DIM));
        }
        for (Alert a : alerts) {
            lines.add(alert(a, width));
        }
        while (lines.size() < height - 1) {
            lines.add(AttributedString.EMPTY);
        }
        if (lines.size() > height - 1) {
            lines = new ArrayList<>(lines.subList(0, Math.max(1, height - 1)));
        }
        lines.add(new AttributedString(fit("q quit · updates live from " + dashboard, width), DIM));
        return lines;
    }

    private AttributedString title(ConsoleModel model, int width, Instant now) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(BOLD).append("sitewatch").style(AttributedStyle.DEFAULT).append("  ");
        if (model.connected()) {
            b.style(GREEN).append("● live");
        } else {
            b.style(YELLOW).append("○ reconnecting");
        }
        b.style(AttributedStyle.DEFAULT);
        String clock = CLOCK.format(now.atZone(zone));
        int pad = width - b.columnLength() - clock.length();
        b.append(" ".repeat(Math.max(1, pad))).append(clock);
        return b.toAttributedString().columnSubSequence(0, width);
    }

    List<AttributedString> view(ViewSnapshot v, ConsoleModel model, int width, Instant now) {
        List<AttributedString> out = new ArrayList<>();
        AttributedStringBuilder head = new AttributedStringBuilder();
        head.style(BOLD).append(viewTitle(v.window()));
        head.style(DIM).append("  every " + Durations.format(v.refresh()) + " · updated " + ago(v.updatedAt(), now));
        if (v.stale() || late(v, now)) {
            head.style(YELLOW).append("  STALE" + (v.error() == null ? "" : ": " + v.error()));
        }
        out.add(head.toAttributedString().columnSubSequence(0, width));
        List<SiteStats> sites = v.report() == null ? List.of()
                : v.report().sites().stream().sorted(Comparator.comparing(SiteStats::site)).toList();
        // the site names and the codes first: on a narrow terminal (80 columns) the least needed timings give way
        int siteNeed = Math.max(8, Math.min(28, sites.stream().mapToInt(s -> s.site().length()).max().orElse(8)));
        boolean[] shown = new boolean[WIDTHS.length];
        java.util.Arrays.fill(shown, true);
        for (int drop : OPTIONAL) {
            if (width - fixedWidth(shown) - 1 >= siteNeed + CODES_NEED) {
                break;
            }
            shown[drop] = false;
        }
        int fixed = fixedWidth(shown);
        // the names as long as they are, up to 28 columns when the codes keep 20
        int siteWidth = Math.max(siteNeed, Math.min(28, width - fixed - 1 - CODES_WANT));
        siteWidth = Math.max(8, Math.min(siteWidth, width - fixed - 1 - CODES_NEED));
        int codesWidth = Math.max(0, width - siteWidth - fixed - 1);
        AttributedStringBuilder th = new AttributedStringBuilder().style(HEADER);
        th.append(pad("SITE", siteWidth));
        for (int i = 0; i < WIDTHS.length; i++) {
            if (shown[i]) {
                th.append(' ').append(padLeft(TITLES[i], WIDTHS[i]));
            }
        }
        if (codesWidth > 0) {
            th.append(' ').append(pad("CODES", codesWidth));
        }
        out.add(th.toAttributedString().columnSubSequence(0, width));
        if (v.report() == null) {
            out.add(new AttributedString("  no data yet", DIM));
            return out;
        }
        if (sites.isEmpty()) {
            out.add(new AttributedString("  no checks in this window", DIM));
        }
        for (SiteStats s : sites) {
            out.add(row(s, model.status(s.site()), model.threshold(s.site()), siteWidth, shown, codesWidth)
                    .columnSubSequence(0, width));
        }
        return out;
    }

    /** Columns taken by the shown columns after the site column, a space before each. */
    private static int fixedWidth(boolean[] shown) {
        int fixed = 0;
        for (int i = 0; i < WIDTHS.length; i++) {
            fixed += shown[i] ? WIDTHS[i] + 1 : 0;
        }
        return fixed;
    }

    private AttributedString row(SiteStats s, String alertStatus, double threshold, int siteWidth, boolean[] shown,
                                 int codesWidth) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append(pad(fit(clean(s.site()), siteWidth), siteWidth));
        String status = alertStatus != null ? alertStatus : s.samples() > 0 ? "UP" : "NO DATA";
        b.append(' ').style(status.equals("DOWN") ? RED : status.equals("UP") ? GREEN : DIM)
                .append(pad(status, WIDTHS[0])).style(AttributedStyle.DEFAULT);
        Double av = s.availability();
        b.append(' ').style(av == null ? DIM : av < threshold ? RED : av < 0.99 ? YELLOW : AttributedStyle.DEFAULT)
                .append(padLeft(percent(av), WIDTHS[1])).style(AttributedStyle.DEFAULT);
        SiteStats.Timing r = s.responseMs() == null ? SiteStats.Timing.EMPTY : s.responseMs();
        SiteStats.Timing t = s.ttfbMs() == null ? SiteStats.Timing.EMPTY : s.ttfbMs();
        Double[] cells = {r.avg(), r.max(), r.p95(), t.avg(), t.max()};
        for (int i = 0; i < cells.length; i++) {
            if (shown[i + 2]) {
                b.append(' ').append(padLeft(ms(cells[i]), WIDTHS[i + 2]));
            }
        }
        if (codesWidth > 0) {
            b.append(' ').style(DIM).append(fit(codes(s), codesWidth));
        }
        return b.toAttributedString();
    }

    AttributedString alert(Alert a, int width) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        Instant t = a.time();
        boolean today = t.atZone(zone).toLocalDate().equals(Instant.now().atZone(zone).toLocalDate());
        b.style(DIM).append((today ? CLOCK : DAY_CLOCK).format(t.atZone(zone))).style(AttributedStyle.DEFAULT).append(' ');
        AttributedStyle style = a.type() == AlertType.DOWN ? RED : a.type() == AlertType.RECOVERED ? GREEN : YELLOW;
        b.style(style).append(pad(a.type() == AlertType.NO_DATA ? "NO DATA" : a.type().name(), 9))
                .style(AttributedStyle.DEFAULT).append(' ').append(clean(a.message() == null ? "" : a.message()));
        return b.toAttributedString().columnSubSequence(0, width);
    }

    /**
     * True when the view has not been refreshed for two and a half of its refresh periods, as on the page: the
     * dashboard is not sending (it hangs, or the stream is cut) even if it last said the view was fresh.
     */
    static boolean late(ViewSnapshot v, Instant now) {
        return v.updatedAt() != null && v.refresh() != null
                && Duration.between(v.updatedAt(), now).compareTo(v.refresh().multipliedBy(5).dividedBy(2)) > 0;
    }

    static String viewTitle(Duration window) {
        long s = window.toSeconds();
        if (s % 86_400 == 0) {
            return s == 86_400 ? "Past day" : "Past " + s / 86_400 + " days";
        }
        if (s % 3600 == 0) {
            return s == 3600 ? "Past hour" : "Past " + s / 3600 + " hours";
        }
        if (s % 60 == 0) {
            return s == 60 ? "Past minute" : "Past " + s / 60 + " minutes";
        }
        return "Past " + Durations.format(window);
    }

    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        return s < 60 ? s + "s ago" : s < 3600 ? s / 60 + "m ago" : s / 3600 + "h ago";
    }

    static String percent(Double v) {
        if (v == null) {
            return "no data";
        }
        double p = Math.round(v * 10_000) / 100.0;
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }

    static String ms(Double v) {
        if (v == null) {
            return "—";
        }
        if (v >= 10_000) {
            return String.format("%.1fs", v / 1000);
        }
        if (v >= 1000) {
            return String.format("%.2fs", v / 1000);
        }
        return Math.round(v) + "ms";
    }

    static String codes(SiteStats s) {
        String codes = s.statusCodes().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(" "));
        String errors = s.errors().entrySet().stream().filter(e -> !e.getKey().equals("STATUS"))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(" "));
        return (codes + (errors.isEmpty() ? "" : " " + errors)).trim();
    }

    /** Control characters (escape sequences from a hostile site name) never reach the terminal. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    static String fit(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        return width <= 1 ? s.substring(0, Math.max(0, width)) : s.substring(0, width - 1) + "…";
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
