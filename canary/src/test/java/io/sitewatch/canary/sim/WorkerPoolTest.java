package io.sitewatch.canary.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerPoolTest {

    @Test
    void growsPastTheCoreWhileEveryThreadIsBusyThenQueuesThenRejects() throws Exception {
        WorkerPool pool = new WorkerPool(20, 5, "test-worker-");
        CountDownLatch started = new CountDownLatch(20);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 20; i++) {
                pool.execute(() -> {
                    started.countDown();
                    await(release);
                });
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).as("20 tasks running at once").isTrue();
            assertThat(pool.threads()).isEqualTo(20);

            for (int i = 0; i < 5; i++) {
                pool.execute(() -> { });
            }
            assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
            pool.shutdownNow(5_000);
        }
    }

    @Test
    void sequentialTasksReuseIdleThreads() throws Exception {
        WorkerPool pool = new WorkerPool(100, 10, "test-worker-");
        try {
            for (int i = 0; i < 50; i++) {
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(done::countDown);
                assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(pool.threads()).isLessThanOrEqualTo(8);
        } finally {
            pool.shutdownNow(5_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
