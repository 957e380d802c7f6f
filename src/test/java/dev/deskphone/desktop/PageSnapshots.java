package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;

/**
 * Compares a window's picture with its reference PNG under {@code src/test/resources/snapshots/}.
 * Two pixels count as the same when no colour channel differs by more than {@link #CHANNEL_TOLERANCE}
 * (font anti-aliasing); a picture matches when at most {@link #PIXEL_SHARE} of its pixels differ
 * (a caret, a clock second that turned). On a mismatch the actual picture and a diff (differing
 * pixels in red over a faded reference) go to {@code target/snapshots/}. With
 * {@code -Dsnapshots.update=true} the references are written instead of compared.
 */
final class PageSnapshots {
    static final int CHANNEL_TOLERANCE = 24;
    static final double PIXEL_SHARE = 0.004;
    private static final Path REFERENCES = Path.of("src", "test", "resources", "snapshots");
    private static final Path FAILURES = Path.of("target", "snapshots");

    private PageSnapshots() {}

    static boolean updating() {
        return Boolean.getBoolean("snapshots.update");
    }

    static void assertMatches(String name, Image image) {
        BufferedImage actual = toBuffered(image);
        Path reference = REFERENCES.resolve(name + ".png");
        try {
            if (updating()) {
                Files.createDirectories(REFERENCES);
                ImageIO.write(actual, "png", reference.toFile());
                return;
            }
            if (!Files.exists(reference)) {
                fail("no reference picture " + reference + ": create it with -Dsnapshots.update=true");
            }
            BufferedImage expected = ImageIO.read(reference.toFile());
            String problem = compare(expected, actual);
            if (problem != null) {
                Files.createDirectories(FAILURES);
                ImageIO.write(
                        actual, "png", FAILURES.resolve(name + "-actual.png").toFile());
                ImageIO.write(
                        diff(expected, actual),
                        "png",
                        FAILURES.resolve(name + "-diff.png").toFile());
                fail("snapshot '" + name + "' differs from " + reference + ": " + problem + "; see " + FAILURES
                        + " (if the change is meant, regenerate with -Dsnapshots.update=true and review the PNGs)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when the pictures match, else what differs. */
    static String compare(BufferedImage expected, BufferedImage actual) {
        if (expected.getWidth() != actual.getWidth() || expected.getHeight() != actual.getHeight()) {
            return "size " + actual.getWidth() + "x" + actual.getHeight() + " instead of " + expected.getWidth() + "x"
                    + expected.getHeight();
        }
        long differing = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (!same(expected.getRGB(x, y), actual.getRGB(x, y))) {
                    differing++;
                }
            }
        }
        long allowed = (long) (PIXEL_SHARE * expected.getWidth() * expected.getHeight());
        return differing <= allowed ? null : differing + " pixels differ (at most " + allowed + " may)";
    }

    private static boolean same(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > CHANNEL_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static BufferedImage diff(BufferedImage expected, BufferedImage actual) {
        int width = Math.min(expected.getWidth(), actual.getWidth());
        int height = Math.min(expected.getHeight(), actual.getHeight());
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int e = expected.getRGB(x, y);
                if (same(e, actual.getRGB(x, y))) {
                    int grey = ((e >> 16 & 0xff) + (e >> 8 & 0xff) + (e & 0xff)) / 3;
                    int faded = 170 + grey / 3;
                    out.setRGB(x, y, faded << 16 | faded << 8 | faded);
                } else {
                    out.setRGB(x, y, 0xff0000);
                }
            }
        }
        return out;
    }

    private static BufferedImage toBuffered(Image image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y) & 0xffffff);
            }
        }
        return out;
    }
}
