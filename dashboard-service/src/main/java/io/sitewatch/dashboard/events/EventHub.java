package io.sitewatch.dashboard.events;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to every connected client. Each event is serialised once ({@link ServerEvent}); each client
 * has its own bounded queue drained by a small shared pool, so a slow client delays nobody else and one that
 * falls {@code maxQueued} events behind is disconnected (its browser reconnects and gets a fresh snapshot).
 * A keep-alive comment every {@code keepAlive} keeps proxies from closing idle streams and finds dead peers.
 */
public final class EventHub implements AutoCloseable {
    /** Event-stream clients served at once by default: each costs a queue and a connection. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private final ScheduledExecutorService keepAlives;
    private final int maxQueued;
    private final Runnable onDropped;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final int maxClients;

    /** A hub for at most {@link #DEFAULT_MAX_CLIENTS} clients. */
    public EventHub(int senderThreads, int maxQueued, Duration keepAlive, Runnable onDropped) {
        this(senderThreads, maxQueued, keepAlive, onDropped, DEFAULT_MAX_CLIENTS);
    }

    /**
     * @param maxClients clients connected at once, at most; a client beyond it is refused ({@link #full()},
     *                   counted by {@link #refused()}) and its browser retries later
     */
    public EventHub(int senderThreads, int maxQueued, Duration keepAlive, Runnable onDropped, int maxClients) {
        this.maxClients = maxClients;
        this.senders = Executors.newFixedThreadPool(senderThreads, daemon("dashboard-sse-sender"));
        this.keepAlives = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-sse-keepalive"));
        this.maxQueued = maxQueued;
        this.onDropped = onDropped;
        long ms = keepAlive.toMillis();
        keepAlives.scheduleAtFixedRate(() -> broadcast(ServerEvent.comment("keep-alive")), ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds a client and queues {@code initial}, a snapshot computed beforehand, for it (an event published between
     * computing it and this call is missed; {@link #connect(EventSink, java.util.function.Supplier)} has no such gap).
     *
     * @return a handle whose {@link Runnable#run()} removes the client (call it when the connection closes)
     */
    public Runnable connect(EventSink sink, List<ServerEvent> initial) {
        return connect(sink, () -> initial);
    }

    /**
     * Adds a client, then computes its snapshot and queues it ahead of any event published meanwhile: an event
     * published before the client was registered is reflected in the snapshot, one published after comes after it.
     *
     * @return a handle whose {@link Runnable#run()} removes the client (call it when the connection closes)
     */
    public Runnable connect(EventSink sink, java.util.function.Supplier<List<ServerEvent>> initial) {
        if (full()) {
            refused.incrementAndGet();
            log.warn("event=sse_client_refused reason=too_many_clients max_clients={}", maxClients);
            sink.close();
            return () -> { };
        }
        Subscriber s = new Subscriber(ids.incrementAndGet(), sink);
        synchronized (s) {
            subscribers.add(s);
            initial.get().forEach(s::offer);
        }
        return () -> remove(s);
    }

    /** Queues the event for every connected client. */
    public void publish(ServerEvent event) {
        broadcast(event);
    }

    public int clients() {
        return subscribers.size();
    }

    /** True when {@code maxClients} clients are connected: the next one is refused. */
    public boolean full() {
        return subscribers.size() >= maxClients;
    }

    public int maxClients() {
        return maxClients;
    }

    /** Clients refused because the hub was full, since start. */
    public long refused() {
        return refused.get();
    }

    /** Counts a client refused before it reached {@link #connect} (the HTTP layer answered 503). */
    public void refusedEarly() {
        refused.incrementAndGet();
    }

    private void broadcast(ServerEvent event) {
        for (Subscriber s : subscribers) {
            s.offer(event);
        }
    }

    private void remove(Subscriber s) {
        if (subscribers.remove(s)) {
            s.closed.set(true);
        }
    }

    /** Disconnects every client and stops sending. Idempotent. */
    @Override
    public void close() {
        keepAlives.shutdownNow();
        subscribers.forEach(Subscriber::drop);
        senders.shutdown();
        try {
            senders.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One client: its queue, drained in order by at most one sender thread at a time. */
    private final class Subscriber {
        private final long id;
        private final EventSink sink;
        private final Queue<ServerEvent> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Subscriber(long id, EventSink sink) {
            this.id = id;
            this.sink = sink;
        }

        synchronized void offer(ServerEvent event) {
            if (closed.get()) {
                return;
            }
            if (queued.incrementAndGet() > maxQueued) {
                log.warn("event=sse_client_dropped client={} reason=too_far_behind queued={}", id, maxQueued);
                onDropped.run();
                drop();
                return;
            }
            queue.add(event);
            schedule();
        }

        private void schedule() {
            if (draining.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false); // shutting down
                }
            }
        }

        private void drain() {
            try {
                ServerEvent e;
                while (!closed.get() && (e = queue.poll()) != null) {
                    queued.decrementAndGet();
                    if (e.isComment()) {
                        sink.comment(e.data());
                    } else {
                        sink.send(e.name(), e.data());
                    }
                    if (sink.closed()) {
                        drop();
                    }
                }
            } catch (Exception ex) {
                log.debug("event=sse_send_failed client={} error={}", id, ex.getClass().getSimpleName());
                drop();
            } finally {
                draining.set(false);
                if (!closed.get() && !queue.isEmpty()) {
                    schedule();
                }
            }
        }

        /** Removes this client and closes its connection, once. */
        private void drop() {
            boolean wasOpen = !closed.getAndSet(true);
            subscribers.remove(this);
            queue.clear();
            if (wasOpen) {
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    log.debug("event=sse_close_failed client={} error={}", id, e.getClass().getSimpleName());
                }
            }
        }
    }
}
