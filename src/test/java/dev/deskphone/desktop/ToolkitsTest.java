package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The toolkits' order at start-up: AWT, then JavaFX, off the caller's thread. */
class ToolkitsTest {
    @Test
    void javaFxStartsAfterAwtOnAThreadOfItsOwnWhileTheCallerGoesOn() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch awtMayEnd = new CountDownLatch(1);

        CompletableFuture<Toolkits.Started> running = Toolkits.startInOrder(
                () -> {
                    await(awtMayEnd);
                    order.add("awt");
                },
                fxRunning -> {
                    order.add("javafx on " + Thread.currentThread().getName());
                    fxRunning.run();
                });

        assertThat(running).as("the caller is not held up while AWT starts").isNotDone();
        assertThat(order).isEmpty();
        awtMayEnd.countDown();
        running.get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("awt", "javafx on deskphone-toolkits");
    }

    @Test
    void theFutureCompletesOnlyOnceJavaFxRuns() throws Exception {
        AtomicReference<Runnable> onFxThread = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);

        CompletableFuture<Toolkits.Started> running = Toolkits.startInOrder(() -> {}, fxRunning -> {
            onFxThread.set(fxRunning);
            started.countDown();
        });

        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(running).isNotDone();
        onFxThread.get().run();
        assertThat(running).isCompleted();
    }

    @Test
    void javaFxStartsEvenWhenAwtCannot() throws Exception {
        CompletableFuture<Toolkits.Started> running = Toolkits.startInOrder(
                () -> {
                    throw new UnsupportedOperationException("no AWT here");
                },
                Runnable::run);

        running.get(5, TimeUnit.SECONDS);
        assertThat(running).isCompleted();
    }

    @Test
    void whatStopsJavaFxFromStartingFailsTheFuture() {
        CompletableFuture<Toolkits.Started> running = Toolkits.startInOrder(() -> {}, fxRunning -> {
            throw new UnsupportedOperationException("Unable to open DISPLAY");
        });

        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Unable to open DISPLAY");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
