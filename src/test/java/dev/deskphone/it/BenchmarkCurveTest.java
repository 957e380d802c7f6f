package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deskphone.it.BenchmarkCurve.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkCurveTest {
    private static BenchmarkCurve curve(int threadsPerCall, int fdsPerCall, int clientsAtEnd) {
        BenchmarkCurve curve = new BenchmarkCurve(List.of("A"));
        for (int call : List.of(10, 50, 100)) {
            curve.add(new Reading(
                    call,
                    "A",
                    300_000 + 10L * call,
                    290_000 + 10L * call,
                    70 + threadsPerCall * (call - 10),
                    200 + fdsPerCall * (call - 10),
                    call == 100 ? clientsAtEnd : 1));
        }
        return curve;
    }

    @Test
    void nothingIsLeftBehindWhenThreadsFilesAndClientsComeBack() {
        assertThat(curve(0, 0, 1).leftBehind()).isEmpty();
    }

    @Test
    void aThreadPerCallIsLeftBehind() {
        assertThat(curve(1, 0, 1).leftBehind()).containsExactly("A: 160 threads after call 100, 70 after call 10");
    }

    @Test
    void aDescriptorPerCallIsLeftBehind() {
        assertThat(curve(0, 1, 1).leftBehind()).containsExactly("A: 290 open fds after call 100, 200 after call 10");
    }

    @Test
    void aSoundClientMoreIsLeftBehind() {
        assertThat(curve(0, 0, 2).leftBehind())
                .containsExactly("A: 2 sound-server clients after call 100, 1 after call 10");
    }

    @Test
    void growthWithinTheSlackIsNotALeak() {
        BenchmarkCurve curve = new BenchmarkCurve(List.of("A"));
        curve.add(new Reading(10, "A", 1, 1, 70, 200, 1));
        curve.add(new Reading(1000, "A", 1, 1, 70 + BenchmarkCurve.THREADS_AND_FDS_SLACK, 199, 1));
        assertThat(curve.leftBehind()).isEmpty();
    }

    @Test
    void slopeIsTheLeastSquaresGrowthPerCall() {
        assertThat(curve(1, 0, 1).slope("A", Reading::threads)).isCloseTo(1.0, within(1e-9));
        assertThat(curve(0, 0, 1).slope("A", Reading::rssAfterGcKb)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void tableHasOneRowPerReadingPoint() {
        String table = curve(0, 0, 1).table();
        assertThat(table.lines()).hasSize(5);
        assertThat(table).contains("| 10 | 293.1 | 283.3 | 70 | 200 | 1 |");
        assertThat(curve(0, 0, 1).summary()).contains("A, call 10 -> 100: RSS +0.3% raw");
    }
}
