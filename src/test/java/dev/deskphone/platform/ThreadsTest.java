package dev.deskphone.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The one way threads are made: named, daemons, uncaught exceptions logged. */
class ThreadsTest {
    @Test
    void poolsNumberTheirThreadsAndSingleThreadsKeepTheirName() {
        ThreadFactory pool = Threads.numbered("deskphone-test");
        Thread first = pool.newThread(() -> {});
        Thread second = pool.newThread(() -> {});
        Thread single = Threads.named("deskphone-single").newThread(() -> {});

        assertThat(first.getName()).isEqualTo("deskphone-test-1");
        assertThat(second.getName()).isEqualTo("deskphone-test-2");
        assertThat(single.getName()).isEqualTo("deskphone-single");
        assertThat(first.isDaemon()).isTrue();
        assertThat(single.isDaemon()).isTrue();
    }

    @Test
    void whatAThreadDoesNotCatchIsLoggedWithItsName() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Threads.class);
        logger.addAppender(log);
        try {
            Thread thread = Threads.start("deskphone-failing", () -> {
                throw new IllegalStateException("boom");
            });
            thread.join();
        } finally {
            logger.detachAppender(log);
        }

        assertThat(log.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel().toString()).isEqualTo("ERROR");
            assertThat(line.getFormattedMessage()).isEqualTo("Uncaught exception on deskphone-failing");
            assertThat(line.getThrowableProxy().getMessage()).isEqualTo("boom");
        });
    }
}
