package dev.deskphone.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Ends a test's fixtures (apps, PBX, sound server, network namespace) after it. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Closes each non-null fixture in the order given, every one of them even when one fails. A
     * fixture that cannot be closed cleanly is reported on stderr and the others are still closed;
     * a failed check made on closing (an app's exit status or crash report, see
     * {@link DeskphoneProcess#close}) fails the test once everything is closed.
     */
    public static void closeAll(AutoCloseable... fixtures) throws InterruptedException {
        closeAll(Arrays.asList(fixtures));
    }

    public static void closeAll(List<? extends AutoCloseable> fixtures) throws InterruptedException {
        AssertionError failed = null;
        for (AutoCloseable fixture : fixtures.stream().filter(Objects::nonNull).toList()) {
            try {
                fixture.close();
            } catch (AssertionError e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                System.err.println("closing " + fixture + ": " + e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
