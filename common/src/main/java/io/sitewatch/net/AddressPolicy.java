package io.sitewatch.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses a target added through the API may point at (the SSRF guard). Refused unless the allow-list
 * admits them: unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback, private (RFC 1918, ULA {@code fc00::/7}),
 * link-local ({@code 169.254/16}, {@code fe80::/10}), CGNAT {@code 100.64/10}, multicast, and the cloud metadata
 * endpoints ({@code 169.254.169.254}, {@code fd00:ec2::254}, {@code metadata.google.internal}). IPv4 addresses
 * embedded in IPv6 (mapped, compatible, NAT64 {@code 64:ff9b::/96}) are judged as IPv4.
 *
 * <p>The allow-list ({@value #ENV}) is a comma-separated list of CIDRs ({@code 10.1.0.0/16}, {@code fd12::/16}) and
 * host names ({@code intranet.example.com}, matched exactly, case-insensitively). Targets from the config file are
 * trusted and never checked. Immutable and thread-safe.
 */
public final class AddressPolicy {
    /** The environment variable holding the allow-list. */
    public static final String ENV = "SITEWATCH_TARGETS_ALLOW";
    /** Host names of cloud metadata services, refused by name whatever they resolve to. */
    static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*\\.?");

    /** Resolves a host name to its addresses; the JDK resolver in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The JDK resolver. */
    public static final Resolver SYSTEM = InetAddress::getAllByName;

    /** No allow-list: every blocked range is refused. */
    public static final AddressPolicy STRICT = new AddressPolicy(List.of(), Set.of(), "");

    private final List<Cidr> allowedRanges;
    private final Set<String> allowedHosts;
    private final String text;

    private AddressPolicy(List<Cidr> allowedRanges, Set<String> allowedHosts, String text) {
        this.allowedRanges = allowedRanges;
        this.allowedHosts = allowedHosts;
        this.text = text;
    }

    /**
     * Parses an allow-list such as {@code "10.1.0.0/16, intranet.example.com"}; null or blank is {@link #STRICT}.
     *
     * @throws IllegalArgumentException naming the entry at fault and the expected form
     */
    public static AddressPolicy parse(String allowList) {
        if (allowList == null || allowList.isBlank()) {
            return STRICT;
        }
        List<Cidr> ranges = new ArrayList<>();
        java.util.LinkedHashSet<String> hosts = new java.util.LinkedHashSet<>();
        for (String raw : allowList.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || isIpLiteral(entry)) {
                ranges.add(Cidr.parse(entry));
            } else if (HOST.matcher(entry).matches() && entry.length() <= 253) {
                hosts.add(entry.endsWith(".") ? entry.substring(0, entry.length() - 1) : entry);
            } else {
                throw new IllegalArgumentException("entry \"" + shorten(raw.trim()) + "\" is neither a CIDR "
                        + "(10.1.0.0/16, fd12::/16) nor a host name (intranet.example.com)");
            }
        }
        return new AddressPolicy(List.copyOf(ranges), Set.copyOf(hosts), allowList.trim());
    }

    /** The policy of {@value #ENV} in {@code env}. */
    public static AddressPolicy fromEnv(Map<String, String> env) {
        return parse(env.get(ENV));
    }

    /** True when the allow-list names this host, which is then admitted whatever it resolves to. */
    public boolean hostAllowed(String host) {
        return allowedHosts.contains(normalise(host));
    }

    /**
     * Why {@code address} is refused ({@code "loopback"}, {@code "private"}, …), or null when it may be probed.
     */
    public String blockedReason(InetAddress address) {
        String reason = category(address);
        if (reason == null) {
            return null;
        }
        for (Cidr c : allowedRanges) {
            if (c.contains(address)) {
                return null;
            }
        }
        return reason;
    }

    /**
     * Why a URL with this host is refused, resolving it with {@code resolver}, or null when it may be probed. A
     * host that does not resolve now is not refused here: the prober checks again at connect time.
     */
    public String hostProblem(String host, Resolver resolver) {
        String h = normalise(host);
        if (hostAllowed(h)) {
            return null;
        }
        if (METADATA_HOSTS.contains(h)) {
            return "metadata";
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(h);
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress a : addresses) {
            String reason = blockedReason(a);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** The allow-list as given (for the configuration printed at start). */
    @Override
    public String toString() {
        return text.isEmpty() ? "none" : text;
    }

    /** The blocked category of {@code address} regardless of the allow-list, or null for a public address. */
    static String category(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            byte[] v4 = embeddedIpv4(b);
            if (v4 != null) {
                return category4(v4);
            }
            return category6(b);
        }
        return category4(b);
    }

    private static String category4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 169 && a1 == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
            return "metadata";
        }
        if (a0 == 0) {
            return "unspecified";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "CGNAT";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 >= 240) {
            return "reserved";
        }
        return null;
    }

    private static String category6(byte[] b) {
        boolean zeroUpTo15 = true;
        for (int i = 0; i < 15; i++) {
            zeroUpTo15 &= b[i] == 0;
        }
        if (zeroUpTo15 && b[15] == 0) {
            return "unspecified";
        }
        if (zeroUpTo15 && b[15] == 1) {
            return "loopback";
        }
        int b0 = b[0] & 0xff;
        if (b0 == 0xfd && (b[1] & 0xff) == 0x00 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                && allZero(b, 4, 14) && (b[14] & 0xff) == 0x02 && (b[15] & 0xff) == 0x54) {
            return "metadata";
        }
        if ((b0 & 0xfe) == 0xfc) {
            return "private";
        }
        if (b0 == 0xfe && ((b[1] & 0xc0) == 0x80)) {
            return "link-local";
        }
        if (b0 == 0xfe && ((b[1] & 0xc0) == 0xc0)) {
            return "private"; // deprecated site-local fec0::/10
        }
        if (b0 == 0xff) {
            return "multicast";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) address, else null. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1));
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpLiteral(String s) {
        return s.indexOf(':') >= 0 || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    /** An address range. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            if (!isIpLiteral(addr)) {
                throw new IllegalArgumentException("entry \"" + shorten(text) + "\" is not a CIDR such as 10.1.0.0/16 "
                        + "or fd12::/16");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(addr).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("entry \"" + shorten(text) + "\" is not a CIDR such as 10.1.0.0/16 "
                        + "or fd12::/16");
            }
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("entry \"" + shorten(text) + "\" has a prefix length outside 0.."
                            + max);
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (address instanceof Inet4Address && network.length == 16) {
                return false;
            }
            if (address instanceof Inet6Address && network.length == 4) {
                byte[] v4 = embeddedIpv4(b);
                if (v4 == null) {
                    return false;
                }
                b = v4;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
