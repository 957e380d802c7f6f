package dev.deskphone.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * CI must never pass by not running a test. This listener, registered for every JUnit Platform run
 * through META-INF/services, collects the tests and containers that were skipped (disabled,
 * condition not met) or aborted (an assumption failed); with {@code CI=true} it writes them to a
 * file in the directory the system property {@value #DIR_PROPERTY} names. The build's enforcer
 * step (pom.xml, after surefire and after failsafe) fails while that directory exists.
 * A JUnit listener cannot fail the run itself: the Platform logs and swallows its exceptions.
 */
public final class CiSkipReport implements TestExecutionListener {
    public static final String DIR_PROPERTY = "deskphone.ci.skipReportDir";

    private final boolean inCi;
    private final Optional<Path> dir;
    private final List<String> notRun = new ArrayList<>();

    /** As the service loader makes it: CI from the environment, the directory from the system property. */
    public CiSkipReport() {
        this(
                ExternalTools.inCi(),
                Optional.ofNullable(System.getProperty(DIR_PROPERTY))
                        .filter(d -> !d.isBlank())
                        .map(Path::of));
    }

    CiSkipReport(boolean inCi, Optional<Path> dir) {
        this.inCi = inCi;
        this.dir = dir;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        notRun.add(test.getUniqueId() + " skipped: " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            notRun.add(test.getUniqueId() + " aborted: "
                    + result.getThrowable().map(Throwable::getMessage).orElse("no reason given"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (!inCi || notRun.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("With CI=true these tests did not run (a missing tool must fail, not skip):");
        lines.addAll(notRun);
        lines.forEach(System.err::println);
        if (dir.isEmpty()) {
            throw new AssertionError(
                    String.join("\n", lines)); // logged by the Platform: no build step checks without a directory
        }
        try {
            Files.createDirectories(dir.get());
            Files.write(Files.createTempFile(dir.get(), "skipped-", ".txt"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the list of tests skipped under CI to " + dir.get(), e);
        }
    }

    /** What was skipped or aborted so far. */
    List<String> notRun() {
        return List.copyOf(notRun);
    }
}
