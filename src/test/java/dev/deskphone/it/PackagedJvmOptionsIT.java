package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app runs with the memory settings the calls benchmark measured (benchmarks.md,
 * "Calls"): read from the running JVM, since a jpackage option that the launcher drops or the JDK
 * does not know would only show as an app that uses more memory, or one that does not start.
 */
class PackagedJvmOptionsIT {
    @TempDir
    Path tmp;

    @Test
    void theRunningAppHasASmallSerialHeapAndTrimsTheNativeHeap() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.expectCrashReport();
            app.start();
            long pid = app.awaitStatus("window shown", Duration.ofSeconds(30), s -> s.has("windowShownAt"))
                    .path("pid")
                    .asLong();

            Processes.Finished jcmd = Processes.run(List.of("jcmd", Long.toString(pid), "VM.flags"));
            String flags = jcmd.output();
            assertThat(jcmd.exitCode()).as(flags).isZero();

            assertThat(flags)
                    .contains(
                            "-XX:+UseSerialGC",
                            "-XX:MaxHeapSize=201326592",
                            "-XX:TieredStopAtLevel=1",
                            // glibc gives back what libwebrtc, SQLite and GTK freed: ~5 MB less after 100 calls.
                            "-XX:TrimNativeHeapInterval=5000",
                            // An exhausted heap ends the app rather than leaving it half-working.
                            "-XX:+ExitOnOutOfMemoryError");
        }
    }

    @Test
    void aJvmCrashReportGoesToTheLogDirectoryNotTheWorkingDirectory() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.expectCrashReport();
            app.start();
            long pid = app.awaitStatus("window shown", Duration.ofSeconds(30), s -> s.has("windowShownAt"))
                    .path("pid")
                    .asLong();

            // What HotSpot takes for a crash in native code (GTK, WebKit, libwebrtc).
            Processes.Finished kill = Processes.run(List.of("kill", "-SEGV", Long.toString(pid)));
            assertThat(kill.exitCode()).as(kill.output()).isZero();
            assertThat(app.awaitExit(Duration.ofSeconds(60)))
                    .as("the crashed JVM exits")
                    .isTrue();

            String report = "hs_err_pid" + pid + ".log";
            // The working directory is the agent's home, as for a desktop launch.
            assertThat(app.home().resolve(report)).as(app.appOutput()).doesNotExist();
            assertThat(app.home().resolve("logs").resolve(report))
                    .as(app.appOutput())
                    .exists();
        }
    }
}
