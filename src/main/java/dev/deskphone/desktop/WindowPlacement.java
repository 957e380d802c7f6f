package dev.deskphone.desktop;

import dev.deskphone.state.WindowGeometry;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;

/**
 * Decides whether a remembered window placement can be restored: only when its title bar would be
 * on a screen that exists now (a laptop undocked from its second monitor must not open the window
 * off-screen), and never larger than that screen.
 */
final class WindowPlacement {
    /** How far below the window's top edge its title bar is grabbed. */
    private static final double TITLE_BAR_PROBE = 12;

    private WindowPlacement() {}

    static Optional<WindowGeometry> restorable(
            WindowGeometry saved, List<Rectangle2D> screens, double minWidth, double minHeight) {
        if (saved == null || !(saved.width() > 0 && saved.height() > 0)) {
            return Optional.empty();
        }
        double probeX = saved.x() + saved.width() / 2;
        double probeY = saved.y() + TITLE_BAR_PROBE;
        return screens.stream()
                .filter(screen -> screen.contains(probeX, probeY))
                .findFirst()
                .map(screen -> new WindowGeometry(
                        saved.x(),
                        Math.max(saved.y(), screen.getMinY()),
                        clamp(saved.width(), minWidth, screen.getWidth()),
                        clamp(saved.height(), minHeight, screen.getHeight()),
                        saved.maximized()));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(value, Math.max(min, max)));
    }
}
