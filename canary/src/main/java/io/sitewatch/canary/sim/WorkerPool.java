package io.sitewatch.canary.sim;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool that adds threads while all of them are busy (up to the maximum) and queues only after
 * that, then rejects. A plain {@link ThreadPoolExecutor} either queues before growing past its core size,
 * or, with core = maximum, starts a new thread for every task until the maximum even when threads are idle.
 * Idle threads above a small core retire after 30 seconds.
 */
final class WorkerPool {

    private static final int CORE_THREADS = 8;

    private final ThreadPoolExecutor executor;
    private final GrowFirstQueue queue;
    private final AtomicInteger inFlight = new AtomicInteger();

    WorkerPool(int maxThreads, int queueCapacity, String threadNamePrefix) {
        this.queue = new GrowFirstQueue(queueCapacity);
        this.executor = new ThreadPoolExecutor(Math.min(CORE_THREADS, maxThreads), maxThreads, 30, TimeUnit.SECONDS,
                queue, new DaemonThreads(threadNamePrefix), (task, pool) -> {
                    if (pool.isShutdown() || !queue.force(task)) {
                        throw new RejectedExecutionException("worker pool and queue are full");
                    }
                });
    }

    /**
     * @param task work to run on a worker thread
     * @throws RejectedExecutionException when every thread is busy and the queue is full, or after shutdown
     */
    void execute(Runnable task) {
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /** Interrupts the workers and waits up to {@code timeoutMillis} for them to finish. */
    void shutdownNow(long timeoutMillis) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** @return the number of live worker threads */
    int threads() {
        return executor.getPoolSize();
    }

    private final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        GrowFirstQueue(int capacity) {
            super(capacity);
        }

        /** Refuses while a new thread could be started for the task, so the executor starts one. */
        @Override
        public boolean offer(Runnable task) {
            int threads = executor.getPoolSize();
            if (threads < executor.getMaximumPoolSize() && inFlight.get() > threads) {
                return false;
            }
            return super.offer(task);
        }

        /** Queues when growing lost a race for the last thread slot. */
        boolean force(Runnable task) {
            return super.offer(task);
        }
    }

    /** Daemon threads, numbered, so a forgotten simulator never keeps a JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();
        private final String prefix;

        DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
