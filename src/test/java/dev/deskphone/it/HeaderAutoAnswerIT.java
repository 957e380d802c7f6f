package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.RawSipCaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A caller's own auto-answer request, sent through Kamailio in a real INVITE, reaches the page's
 * SIP.js and is honoured only by the profile that allows it ({@code --header-auto-answer on}).
 * The hand-written caller offers plain RTP, which WebRTC media cannot take, so an answer attempt
 * shows as the call failing at once without the agent doing anything; a call that is not
 * auto-answered keeps ringing until the agent declines it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeaderAutoAnswerIT {
    private static final Path LOGS = Path.of("target", "it-logs", "HeaderAutoAnswerIT");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String INTERCOM = "Call-Info: <sip:" + Kamailio.DOMAIN + ">;answer-after=0\r\n"
            + "Alert-Info: <http://" + Kamailio.DOMAIN + "/ring>;info=alert-autoanswer\r\n";

    private Path dir;
    private Map<String, String> users;
    private Kamailio pbx;
    private DeskphoneProcess app;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("deskphone-header-auto-answer");
        Files.createDirectories(LOGS);
        users = AccountRegistrationIT.subscribers(3);
        pbx = Kamailio.start(dir.resolve("pbx"), users);
        app = new DeskphoneProcess(dir.resolve("app"));
        app.cliOk(
                "profile",
                "add",
                "intercom",
                "--server",
                pbx.wsUrl(),
                "--domain",
                Kamailio.DOMAIN,
                "--default",
                "--header-auto-answer",
                "on");
        app.cliOk("profile", "add", "desk", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN);
        addAccount("intercom", "1001");
        addAccount("desk", "1002");
        app.start();
        app.awaitStatus(
                "both accounts registered",
                Duration.ofSeconds(40),
                s -> AccountRegistrationIT.allIn(s, "registered", 2));
    }

    private void addAccount(String profile, String extension) throws Exception {
        Path passwordFile = dir.resolve("pw-" + extension);
        Files.writeString(passwordFile, users.get(extension) + "\n");
        app.cliOk(
                "account",
                "add",
                "--profile",
                profile,
                "--extension",
                extension,
                "--password-file",
                passwordFile.toString());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Fixtures.closeAll(app, pbx);
        } finally {
            if (app != null) {
                Files.writeString(LOGS.resolve("app.log"), app.appOutput());
            }
        }
    }

    @Test
    void theRequestIsHonouredOnlyByTheProfileThatAllowsIt() throws Exception {
        try (RawSipCaller caller = new RawSipCaller(pbx.sipPort(), Kamailio.DOMAIN, "1003", users.get("1003"))) {
            // The profile without --header-auto-answer: the same request rings until the agent declines.
            long since = System.currentTimeMillis();
            RawSipCaller.Call ignored = caller.invite("1002", RawSipCaller.quoted("Paging"), "", INTERCOM);
            JsonNode ringing = app.awaitCall(
                    "the call to 1002 rings",
                    TIMEOUT,
                    c -> "ringing".equals(c.path("state").asText()));
            Thread.sleep(3000);
            JsonNode stillRinging = app.awaitCall(
                    "the call to 1002 still rings",
                    TIMEOUT,
                    c -> c.path("callId").equals(ringing.path("callId")));
            assertThat(stillRinging.path("state").asText())
                    .as("not answered by itself")
                    .isEqualTo("ringing");
            app.request(
                    "call", "action", "reject", "callId", ringing.path("callId").asText());
            assertThat(ignored.awaitFinal(TIMEOUT)).as("declined by the agent").isEqualTo(486);
            app.awaitEnded(since, TIMEOUT);

            // The intercom profile: answered at once, without the agent (the answer itself then fails
            // on the caller's plain-RTP offer, which ends the call).
            since = System.currentTimeMillis();
            RawSipCaller.Call honoured = caller.invite("1001", RawSipCaller.quoted("Paging"), "", INTERCOM);
            int status = honoured.awaitFinal(TIMEOUT);
            JsonNode ended = app.awaitEnded(since, TIMEOUT);
            assertThat(status).as("no 486: nobody declined").isNotEqualTo(486);
            assertThat(ended.path("account").asText()).isEqualTo("intercom/1001");
            assertThat(app.appOutput()).contains("caller asks to be answered after 0 s; the profile allows it");
        }
    }
}
