package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Server mode's log configuration: every event one line on stdout, stack traces included, no colours. */
class ServerLogFormatTest {
    @Test
    void anExceptionWithItsCauseIsOneLineAndAMultiLineMessageToo() throws Exception {
        List<String> lines = logged(log -> {
            log.warn("batch failed", new IllegalStateException("outer", new java.io.IOException("disk full")));
            log.info("two\nlines");
        });
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches("^\\d{4}-\\d\\d-\\d\\dT\\S+ WARN  \\[.*\\] server-log-test - batch failed"
                        + " \\| java.lang.IllegalStateException: outer \\| at .*")
                .contains("Caused by: java.io.IOException: disk full")
                .doesNotEndWith(" | ")
                .doesNotEndWith(" ");
        assertThat(lines.get(1)).endsWith("- two | lines");
        assertThat(String.join("", lines)).doesNotContain("\u001b");
    }

    private interface Logging {
        void run(Logger log);
    }

    /** What the configuration writes to stdout, in a logger context of its own. */
    private static List<String> logged(Logging logging) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(ServerLogFormatTest.class.getResource("/" + ServerMain.LOG_CONFIGURATION));
            logging.run(context.getLogger("server-log-test"));
        } finally {
            context.stop();
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
