package io.sitewatch.prober.http;

import io.sitewatch.net.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * The resolver of checks of targets written through the API: it drops the addresses {@link AddressPolicy} refuses,
 * at connect time, so a host that resolved to a public address when it was added cannot later point the prober at
 * a private one (DNS rebinding). When nothing is left the lookup fails with {@link BlockedAddressException}.
 */
final class GuardedDns implements Dns {
    private final AddressPolicy policy;
    private final Dns delegate;

    GuardedDns(AddressPolicy policy, Dns delegate) {
        this.policy = policy;
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        if (policy.hostAllowed(host)) {
            return delegate.lookup(host);
        }
        String byName = policy.hostProblem(host, h -> new InetAddress[0]);
        if (byName != null) {
            throw new BlockedAddressException(byName);
        }
        List<InetAddress> all = delegate.lookup(host);
        List<InetAddress> allowed = new ArrayList<>(all.size());
        String reason = null;
        for (InetAddress a : all) {
            String r = policy.blockedReason(a);
            if (r == null) {
                allowed.add(a);
            } else {
                reason = r;
            }
        }
        if (allowed.isEmpty()) {
            throw new BlockedAddressException(reason == null ? "unknown" : reason);
        }
        return allowed;
    }

    /** Every address of the host is refused; the message names the category, never the address. */
    static final class BlockedAddressException extends UnknownHostException {
        private final String category;

        BlockedAddressException(String category) {
            super("the host resolves to a " + category + " address");
            this.category = category;
        }

        String category() {
            return category;
        }
    }
}
