package io.sitewatch.prober.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;

/**
 * Ends a lookup at the check's deadline. The system resolver cannot be interrupted: a site whose name servers do not
 * answer kept the checking worker until the resolver gave up (about 10 s with glibc's defaults, whatever the check's
 * timeout), so a few such sites, or one redirecting to fresh names, could hold a prober's workers.
 *
 * <p>The lookup runs on a small pool of resolver threads while the worker waits only until its deadline
 * ({@link #within}); then the check fails with {@link LookupTimeoutException} (a {@code DNS} error) and the worker is
 * free. Lookups of one name at the same time share one resolver thread, so a name that hangs holds one thread, not
 * one per check. When every resolver thread is taken the lookup runs on the worker, as it would without this
 * class: the pool bounds the threads, never the checks.
 */
final class DeadlineDns implements Dns {
    /** Resolver threads at most (each hangs on one name at a time). */
    static final int MAX_THREADS = 64;
    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    private final Dns delegate;
    private final ThreadPoolExecutor resolvers;
    private final ConcurrentHashMap<String, CompletableFuture<List<InetAddress>>> inFlight = new ConcurrentHashMap<>();

    DeadlineDns(Dns delegate) {
        this.delegate = delegate;
        AtomicInteger n = new AtomicInteger();
        this.resolvers = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sitewatch-dns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The deadline ({@link System#nanoTime()}) of lookups made by this thread until {@link #clear()}. */
    static void within(long deadlineNanos) {
        DEADLINE.set(new long[] {deadlineNanos});
    }

    static void clear() {
        DEADLINE.remove();
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        long[] deadline = DEADLINE.get();
        if (deadline == null) {
            return delegate.lookup(host);
        }
        CompletableFuture<List<InetAddress>> lookup = inFlight.get(host);
        if (lookup == null) {
            CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
            lookup = inFlight.putIfAbsent(host, mine);
            if (lookup == null) {
                lookup = mine;
                try {
                    resolvers.execute(() -> resolve(host, mine));
                } catch (RejectedExecutionException e) {
                    resolve(host, mine); // every resolver thread is busy: resolve here, unbounded, as OkHttp would
                }
            }
        }
        long remaining = deadline[0] - System.nanoTime();
        try {
            return lookup.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LookupTimeoutException(host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            UnknownHostException u = new UnknownHostException(host);
            u.initCause(e.getCause());
            throw u;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupTimeoutException(host);
        }
    }

    private void resolve(String host, CompletableFuture<List<InetAddress>> result) {
        try {
            result.complete(delegate.lookup(host));
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            inFlight.remove(host, result);
        }
    }

    /** Resolver threads now alive (tests). */
    int threads() {
        return resolvers.getPoolSize();
    }

    /** The lookup had not answered by the check's deadline. */
    static final class LookupTimeoutException extends UnknownHostException {
        LookupTimeoutException(String host) {
            super("lookup of " + host + " did not answer before the check's deadline");
        }
    }
}
