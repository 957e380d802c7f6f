package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.state.WindowGeometry;
import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 740);
    private static final Rectangle2D MONITOR_RIGHT = new Rectangle2D(1366, 0, 1920, 1050);

    @Test
    void aPlacementOnAScreenThatExistsIsRestoredAsItWas() {
        WindowGeometry saved = new WindowGeometry(1500, 100, 440, 720, false);

        assertThat(WindowPlacement.restorable(saved, List.of(LAPTOP, MONITOR_RIGHT), 360, 480))
                .contains(saved);
    }

    @Test
    void aPlacementOnAMonitorThatIsGoneIsNotRestored() {
        WindowGeometry onTheMonitor = new WindowGeometry(1500, 100, 440, 720, false);

        assertThat(WindowPlacement.restorable(onTheMonitor, List.of(LAPTOP), 360, 480))
                .isEmpty();
    }

    @Test
    void aWindowWhoseTitleBarIsAboveOrBesideEveryScreenIsNotRestored() {
        assertThat(WindowPlacement.restorable(
                        new WindowGeometry(100, -400, 440, 720, false), List.of(LAPTOP), 360, 480))
                .isEmpty();
        assertThat(WindowPlacement.restorable(new WindowGeometry(-600, 10, 440, 720, false), List.of(LAPTOP), 360, 480))
                .isEmpty();
    }

    @Test
    void aWindowTallerThanItsScreenNowIsShrunkToFitButNotBelowTheMinimum() {
        WindowGeometry tall = new WindowGeometry(10, 10, 440, 1000, true);

        WindowGeometry restored =
                WindowPlacement.restorable(tall, List.of(LAPTOP), 360, 480).orElseThrow();

        assertThat(restored.height()).isEqualTo(740);
        assertThat(restored.width()).isEqualTo(440);
        assertThat(restored.maximized()).isTrue();
        assertThat(WindowPlacement.restorable(new WindowGeometry(10, 10, 100, 100, false), List.of(LAPTOP), 360, 480)
                        .orElseThrow()
                        .width())
                .isEqualTo(360);
    }

    @Test
    void nothingSavedOrANonsenseSizeRestoresNothing() {
        assertThat(WindowPlacement.restorable(null, List.of(LAPTOP), 360, 480)).isEmpty();
        assertThat(WindowPlacement.restorable(new WindowGeometry(10, 10, 0, 500, false), List.of(LAPTOP), 360, 480))
                .isEmpty();
        assertThat(WindowPlacement.restorable(
                        new WindowGeometry(10, 10, Double.NaN, 500, false), List.of(LAPTOP), 360, 480))
                .isEmpty();
    }
}
