package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a machine without a GPU (Xvfb here) the packaged app shows its window without loading OpenGL:
 * neither GTK's GLX probe nor Prism's ES2 probe maps Mesa's software rasteriser and its LLVM
 * (benchmarks.md, "Start-up and memory"). Read from the running process's mappings.
 */
class SoftwareGraphicsIT {
    @TempDir
    Path tmp;

    @Test
    void withoutARenderNodeTheWindowComesWithoutOpenGl() throws Exception {
        assumeTrue(noRenderNode(), "this machine has a GPU render node: the app leaves OpenGL to the toolkits");
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.start();
            long pid = app.awaitStatus("window shown", Duration.ofSeconds(60), s -> s.has("windowShownAt"))
                    .path("pid")
                    .asLong();

            List<String> mapped = Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"));
            assertThat(mapped)
                    .as("the app's mappings")
                    .noneMatch(line -> line.contains("libLLVM"))
                    .noneMatch(line -> line.contains("swrast_dri"))
                    .noneMatch(line -> line.contains("libGLX_mesa"));

            Processes.Finished jcmd = Processes.run(List.of("jcmd", Long.toString(pid), "VM.system_properties"));
            assertThat(jcmd.exitCode()).as(jcmd.output()).isZero();
            assertThat(jcmd.output()).contains("prism.order=sw");
        }
    }

    private static boolean noRenderNode() throws Exception {
        Path devDri = Path.of("/dev/dri");
        if (!Files.isDirectory(devDri)) {
            return true;
        }
        try (Stream<Path> nodes = Files.list(devDri)) {
            return nodes.noneMatch(node -> node.getFileName().toString().startsWith("renderD"));
        }
    }
}
