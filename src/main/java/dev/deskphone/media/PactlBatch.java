package dev.deskphone.media;

import dev.deskphone.platform.Threads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs independent {@code pactl} commands at once and waits for all of them. Each pactl starts a
 * process and opens a connection of its own to the sound server; on a busy 2-core desktop that is
 * 0.3–0.5 s per command, and a merge needs eighteen. The server orders what it is sent, so commands
 * that depend on each other (a loopback into a null sink) go in separate batches, one after the
 * other.
 *
 * <p>Its threads end after a minute without work: nothing is kept between merges.
 */
final class PactlBatch implements AutoCloseable {
    /** One pactl command and what it gives. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException;
    }

    /** What each step of a batch gave, in the steps' order: a value, or the failure. */
    record Outcome<T>(T value, IOException failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final ExecutorService runs = Executors.newCachedThreadPool(Threads.numbered("deskphone-pactl"));

    /** Runs every step at once; waits for all, failed or not. */
    <T> List<Outcome<T>> runAll(List<Step<T>> steps) {
        if (steps.size() == 1) {
            return List.of(outcome(steps.get(0)));
        }
        List<Future<Outcome<T>>> running = new ArrayList<>();
        for (Step<T> step : steps) {
            running.add(runs.submit(() -> outcome(step)));
        }
        List<Outcome<T>> outcomes = new ArrayList<>();
        for (Future<Outcome<T>> future : running) {
            outcomes.add(await(future));
        }
        return outcomes;
    }

    private static <T> Outcome<T> outcome(Step<T> step) {
        try {
            return new Outcome<>(step.run(), null);
        } catch (IOException e) {
            return new Outcome<>(null, e);
        } catch (RuntimeException e) {
            return new Outcome<>(null, new IOException(e.getMessage(), e));
        }
    }

    private static <T> Outcome<T> await(Future<Outcome<T>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome<>(null, new IOException("interrupted waiting for pactl", e));
        } catch (ExecutionException e) {
            return new Outcome<>(null, new IOException(e.getCause().getMessage(), e.getCause()));
        }
    }

    @Override
    public void close() {
        runs.shutdown();
        try {
            runs.awaitTermination(Pactl.TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
