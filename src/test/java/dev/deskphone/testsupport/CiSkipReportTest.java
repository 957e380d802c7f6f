package dev.deskphone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A run with a skipped and an aborted test, through the Platform launcher as surefire and failsafe run one. */
class CiSkipReportTest {
    @TempDir
    Path tmp;

    @Test
    void underCiASkippedAndAnAbortedTestAreWrittenForTheBuildToFailOn() throws IOException {
        Path dir = tmp.resolve("ci-skipped-tests");
        CiSkipReport report = run(new CiSkipReport(true, Optional.of(dir)), Fixture.class);

        assertThat(report.notRun()).hasSize(2);
        String written = Files.readString(only(dir));
        assertThat(written).contains("disabledTest()", "skipped: fixture: disabled");
        assertThat(written).contains("abortedTest()", "aborted: Assumption failed: fixture: tool missing");
        assertThat(written).doesNotContain("passingTest()");
    }

    @Test
    void outsideCiNothingIsWritten() {
        Path dir = tmp.resolve("ci-skipped-tests");
        CiSkipReport report = run(new CiSkipReport(false, Optional.of(dir)), Fixture.class);

        assertThat(report.notRun()).hasSize(2);
        assertThat(dir).doesNotExist();
    }

    @Test
    void underCiARunThatRanEverythingWritesNothing() {
        Path dir = tmp.resolve("ci-skipped-tests");
        run(new CiSkipReport(true, Optional.of(dir)), AllRun.class);

        assertThat(dir).doesNotExist();
    }

    private static CiSkipReport run(CiSkipReport report, Class<?> testClass) {
        // Not the listeners of META-INF/services: the fixture's skips must not count for this build.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(testClass))
                        .build(),
                report);
        return report;
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Run only through {@link #run}: surefire leaves nested classes alone. */
    static class Fixture {
        @Test
        void passingTest() {}

        @Test
        @Disabled("fixture: disabled")
        void disabledTest() {}

        @Test
        void abortedTest() {
            Assumptions.assumeTrue(false, "fixture: tool missing");
        }
    }

    static class AllRun {
        @Test
        void passingTest() {}
    }
}
