package dev.deskphone.it;

import static dev.deskphone.it.AccountRegistrationIT.addAccount;
import static dev.deskphone.it.AccountRegistrationIT.allIn;
import static dev.deskphone.it.AccountRegistrationIT.subscribers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registrations are refreshed before they expire: with the shortest expiry a profile allows (60 s),
 * the PBX still has the contact after 75 s, with most of a fresh expiry left. Without refreshes it
 * would have dropped it at 60 s.
 */
class RegistrationRefreshIT {
    @TempDir
    Path tmp;

    @Test
    void registrationsAreRefreshedBeforeTheyExpire() throws Exception {
        Map<String, String> users = subscribers(2);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users);
                DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.cliOk(
                    "profile",
                    "add",
                    "pbx",
                    "--server",
                    pbx.wsUrl(),
                    "--domain",
                    Kamailio.DOMAIN,
                    "--register-expires",
                    "60",
                    "--default");
            for (Map.Entry<String, String> user : users.entrySet()) {
                addAccount(app, user.getKey(), user.getValue());
            }
            app.start();
            app.awaitStatus("2 registered", Duration.ofSeconds(30), s -> allIn(s, "registered", 2));
            assertThat(pbx.secondsToExpiry().values())
                    .allSatisfy(left -> assertThat(left).isBetween(1, 60));

            // Past the first expiry: the PBX keeps both bindings all along (checked every second), as the
            // refreshes renew them; without refreshes both would leave the location table at 60 s.
            Instant until = Instant.now().plusSeconds(75);
            while (Instant.now().isBefore(until)) {
                assertThat(pbx.registeredExtensions())
                        .as("bound at the PBX at " + Instant.now())
                        .isEqualTo(users.keySet());
                Thread.sleep(1000);
            }

            Map<String, Integer> left = pbx.secondsToExpiry();
            assertThat(left.keySet()).isEqualTo(users.keySet());
            // A refresh happened in the last half of the previous 60 s: at least ~half an expiry remains.
            assertThat(left.values()).allSatisfy(seconds -> assertThat(seconds).isGreaterThan(15));
            assertThat(allIn(app.status().orElseThrow(), "registered", 2)).isTrue();
        }
    }
}
