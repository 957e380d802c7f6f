package dev.deskphone.server;

import dev.deskphone.platform.Threads;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writer threads take every unit of work that is waiting (up to a batch), run them
 * in one transaction, commit once, and only then complete each caller's future. One fsync covers
 * the whole batch, so throughput grows with load while every write is durable before it is
 * acknowledged.
 *
 * <p>A unit of work must decide (and throw its business exceptions) before it writes; a
 * {@link SQLException} in the middle of a batch rolls the batch back and each unit is then retried
 * in a transaction of its own, so one bad unit never fails the others.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    static final int MAX_BATCH = 512;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    private record Task<T>(Work<T> work, CompletableFuture<T> future) {}

    private record Done(Task<?> task, Object value, Throwable error) {}

    /** Told about every committed batch: how many writes, and how long the transaction took. */
    @FunctionalInterface
    interface BatchListener {
        void committed(int size, double seconds);
    }

    private final DataSource dataSource;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService completions;
    private final BatchListener batches;
    private final AtomicInteger pending = new AtomicInteger();
    private final Object submitLock = new Object();
    private volatile boolean closing;

    GroupCommitWriter(DataSource dataSource, int writerThreads, BatchListener batches) {
        this.dataSource = dataSource;
        this.batches = batches;
        // Futures complete off the writer threads, so responses are written while the next batch runs.
        this.completions = Executors.newFixedThreadPool(2, Threads.numbered("deskphone-write-completion"));
        for (int i = 0; i < writerThreads; i++) {
            threads.add(Threads.start("deskphone-writer-" + i, this::loop));
        }
    }

    /** Queues {@code work}; the future completes after the transaction that ran it has committed. */
    <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        synchronized (submitLock) {
            if (closing) {
                future.completeExceptionally(new ShuttingDownException());
                return future;
            }
            pending.incrementAndGet();
            queue.add(new Task<>(work, future));
        }
        return future;
    }

    int queued() {
        return pending.get();
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Task<?> first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            long started = System.nanoTime();
            List<Done> done = runBatch(batch);
            batches.committed(batch.size(), (System.nanoTime() - started) / 1e9);
            pending.addAndGet(-batch.size());
            batch.clear();
            complete(done);
        }
    }

    private List<Done> runBatch(List<Task<?>> batch) {
        try {
            return runInOneTransaction(batch);
        } catch (SQLException e) {
            if (batch.size() == 1) {
                log.error("write failed", e);
                return List.of(new Done(batch.get(0), null, e));
            }
            log.warn("batch of {} writes failed ({}); retrying each on its own", batch.size(), e.getMessage());
            List<Done> done = new ArrayList<>(batch.size());
            for (Task<?> task : batch) {
                try {
                    done.addAll(runInOneTransaction(List.of(task)));
                } catch (SQLException single) {
                    log.error("write failed", single);
                    done.add(new Done(task, null, single));
                }
            }
            return done;
        }
    }

    private List<Done> runInOneTransaction(List<Task<?>> batch) throws SQLException {
        List<Done> done = new ArrayList<>(batch.size());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Task<?> task : batch) {
                    done.add(run(connection, task));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e instanceof SQLException sql ? sql : new SQLException(e);
            }
        }
        return done;
    }

    private static Done run(Connection connection, Task<?> task) throws SQLException {
        try {
            return new Done(task, task.work().run(connection), null);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            // A business outcome (conflict, not found...): decided before anything was written.
            return new Done(task, null, e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed: {}", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(List<Done> done) {
        Runnable completeAll = () -> {
            for (Done d : done) {
                CompletableFuture<Object> future =
                        (CompletableFuture<Object>) d.task().future();
                if (d.error() == null) {
                    future.complete(d.value());
                } else {
                    future.completeExceptionally(d.error());
                }
            }
        };
        try {
            completions.execute(completeAll);
        } catch (RejectedExecutionException e) {
            completeAll.run();
        }
    }

    /** Stops taking work, commits everything already queued, then stops the writer threads. */
    @Override
    public void close() {
        synchronized (submitLock) {
            closing = true;
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        completions.shutdown();
        try {
            completions.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer no longer takes work because the server is stopping. */
    static final class ShuttingDownException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShuttingDownException() {
            super("the server is shutting down");
        }
    }
}
