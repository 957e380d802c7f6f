package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The spare media stack's life, with numbered fake stacks and a hand-run media-thread schedule. */
class SpareStackTest {
    /** Opens stacks 1, 2, 3...; fails while {@link #failing}; remembers what was disposed. */
    private static final class FakeStacks {
        int opened;
        boolean failing;
        final List<Integer> disposed = new ArrayList<>();

        Integer open() {
            if (failing) {
                throw new MediaException("no sound server");
            }
            return ++opened;
        }

        /** Stacks opened and not disposed by the spare (those a call took are the call's). */
        int undisposed() {
            return opened - disposed.size();
        }
    }

    /** The media thread's delayed tasks, run when the test says. */
    private static final class Schedule implements SpareStack.Later {
        record Task(Duration delay, Runnable run, CompletableFuture<Void> future) {}

        final List<Task> tasks = new ArrayList<>();

        @Override
        public Future<?> run(Duration delay, Runnable task) {
            Task scheduled = new Task(delay, task, new CompletableFuture<>());
            tasks.add(scheduled);
            return scheduled.future;
        }

        /** Runs every task due (not cancelled) and returns their delays. */
        List<Duration> runDue() {
            List<Duration> delays = new ArrayList<>();
            for (Task task : List.copyOf(tasks)) {
                tasks.remove(task);
                if (!task.future.isCancelled()) {
                    task.run.run();
                    delays.add(task.delay);
                }
            }
            return delays;
        }

        long waiting() {
            return tasks.stream().filter(t -> !t.future.isCancelled()).count();
        }
    }

    private final FakeStacks stacks = new FakeStacks();
    private final Schedule schedule = new Schedule();
    private final SpareStack<Integer> spare = new SpareStack<>(stacks::open, stacks.disposed::add, schedule);

    @Test
    void theFirstSpareOpensAfterTheDelayNotAtOnce() {
        spare.prepareAfter(Duration.ofSeconds(5));

        assertThat(stacks.opened).isZero();
        assertThat(schedule.runDue()).containsExactly(Duration.ofSeconds(5));
        assertThat(spare.ready()).isTrue();
        assertThat(stacks.opened).isEqualTo(1);
    }

    @Test
    void aCallTakesTheSpareWithoutOpeningOneAndTheNextIsOpenedAMomentLater() {
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();

        assertThat(spare.take()).isEqualTo(1);
        assertThat(stacks.opened).isEqualTo(1);
        assertThat(spare.ready()).isFalse();

        assertThat(schedule.runDue()).containsExactly(SpareStack.REPLENISH_DELAY);
        assertThat(spare.ready()).isTrue();
        assertThat(spare.take()).isEqualTo(2);
        assertThat(stacks.disposed).isEmpty();
    }

    @Test
    void withoutASpareTheCallOpensItsOwnAndOneIsPreparedForTheNext() {
        assertThat(spare.take()).isEqualTo(1);

        assertThat(schedule.runDue()).containsExactly(SpareStack.REPLENISH_DELAY);
        assertThat(spare.take()).isEqualTo(2);
    }

    @Test
    void onlyOneSpareIsOpenedHoweverOftenItIsAskedFor() {
        spare.prepareAfter(Duration.ZERO);
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();
        spare.prepareAfter(Duration.ZERO);

        assertThat(schedule.waiting()).isZero();
        assertThat(stacks.opened).isEqualTo(1);
    }

    @Test
    void aSpareOpenedBeforeTheDevicesChangedIsDisposedAndOpenedAnew() {
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();

        spare.devicesChanged();

        assertThat(stacks.disposed).containsExactly(1);
        assertThat(spare.ready()).isFalse();
        assertThat(schedule.runDue()).containsExactly(SpareStack.DEVICES_SETTLE);
        assertThat(spare.take()).isEqualTo(2);
    }

    @Test
    void aBurstOfDeviceChangesOpensOneStackAfterIt() {
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();

        spare.devicesChanged();
        spare.devicesChanged();
        spare.devicesChanged();
        schedule.runDue();

        assertThat(stacks.opened).isEqualTo(2);
        assertThat(stacks.disposed).containsExactly(1);
    }

    @Test
    void aCallDuringTheDeviceChangeOpensItsOwnOnTheNewDevices() {
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();
        spare.devicesChanged();

        assertThat(spare.take()).isEqualTo(2);
        assertThat(stacks.disposed).containsExactly(1);
    }

    @Test
    void whenTheSpareCannotBeOpenedTheCallOpensItsOwn() {
        stacks.failing = true;
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();
        assertThat(spare.ready()).isFalse();

        stacks.failing = false;
        assertThat(spare.take()).isEqualTo(1);
    }

    @Test
    void aCallWhoseOwnStackCannotOpenFailsAsItWouldWithoutASpare() {
        stacks.failing = true;

        assertThatThrownBy(spare::take).isInstanceOf(MediaException.class).hasMessage("no sound server");
    }

    @Test
    void closingDisposesTheSpareAndOpensNoOther() {
        spare.prepareAfter(Duration.ZERO);
        schedule.runDue();
        spare.take();
        schedule.runDue();

        spare.close();

        assertThat(stacks.disposed).containsExactly(2);
        assertThat(stacks.undisposed()).isEqualTo(1); // the one the call took, disposed with the call
        spare.prepareAfter(Duration.ZERO);
        spare.devicesChanged();
        assertThat(schedule.waiting()).isZero();
    }

    @Test
    void closingCancelsASpareOnItsWay() {
        spare.prepareAfter(Duration.ofSeconds(5));

        spare.close();

        assertThat(schedule.runDue()).isEmpty();
        assertThat(stacks.opened).isZero();
    }
}
