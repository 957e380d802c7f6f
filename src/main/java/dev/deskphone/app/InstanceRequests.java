package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.audio.AudioSettings;
import dev.deskphone.calls.CallServices;
import dev.deskphone.desktop.DesktopShell;
import dev.deskphone.instance.InstanceBroadcast;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-instance channel's commands: {@code status} (for `deskphone status` and tests),
 * {@code activate} (a second launch brings the window forward), {@code audio}, {@code reload-page},
 * and the calls' commands ({@code dial}, ...). Served once the window is open, on the channel's threads.
 *
 * <p>{@code reload-page} loads the softphone page afresh the way the app itself would ({@code
 * WebViewHost.reload}): held back while calls are in progress or in wrap-up, made once they have
 * finished. Nothing the agent does in the window reloads the page (no context menu, no reload key,
 * links and drops refused), so this is the one way to reach that path from outside the process, and
 * the integration tests use it to prove a reload never cuts a call off. It has no CLI command and
 * can do nothing a script's {@code location.reload()} in the page could not.
 */
final class InstanceRequests {
    private static final Logger log = LoggerFactory.getLogger(InstanceRequests.class);

    /** The running app's parts the commands read or drive. */
    record Parts(
            AccountStatusBoard accounts,
            CallServices calls,
            AudioSettings audio,
            CallEventsService callEvents,
            AccountAvailability availability,
            InstanceBroadcast callWatchers,
            DesktopShell shell,
            Supplier<List<String>> configWarnings,
            long windowShownAt,
            Runnable reloadPage) {}

    private final ObjectMapper json;
    private final Parts parts;
    private final AtomicLong activatedAt = new AtomicLong();

    InstanceRequests(ObjectMapper json, Parts parts) {
        this.json = json;
        this.parts = parts;
    }

    ObjectNode handle(JsonNode request) {
        String command = request.path("command").asText("");
        log.debug("Instance request '{}'", command);
        ObjectNode reply = json.createObjectNode().put("ok", true);
        switch (command) {
            case "status" -> status(reply);
            case "activate" ->
                Platform.runLater(() -> {
                    parts.shell().showWindow();
                    activatedAt.set(System.currentTimeMillis());
                });
            case "dnd" -> {
                String account = request.path("account").asText("");
                List<String> changed = parts.availability()
                        .setDnd(
                                request.path("on").asBoolean(),
                                account.isEmpty() ? Optional.empty() : Optional.of(account));
                reply.set("accounts", json.valueToTree(changed));
            }
            case "reload-page" -> parts.reloadPage().run();
            case "audio" -> reply.set("audio", json.valueToTree(parts.audio().instanceCommand(request)));
            default -> {
                if (!parts.calls().instanceCommand(command, request, reply)) {
                    reply.put("ok", false).put("error", "unknown command '" + command + "'");
                } else if ("dial".equals(command)) {
                    Platform.runLater(parts.shell()::showWindow);
                }
            }
        }
        return reply;
    }

    private void status(ObjectNode reply) {
        reply.put("pid", ProcessHandle.current().pid());
        reply.put("startedAt", ManagementFactory.getRuntimeMXBean().getStartTime());
        reply.put("windowShownAt", parts.windowShownAt());
        if (activatedAt.get() > 0) {
            reply.put("activatedAt", activatedAt.get());
        }
        reply.put("windowVisible", parts.shell().windowShowing());
        reply.set("accounts", json.valueToTree(parts.accounts().snapshot()));
        reply.set("availability", AvailabilityMessages.states(json, parts.availability()));
        reply.put("callWatchers", parts.callWatchers().watchers());
        parts.calls().status(reply, json);
        reply.set("audio", json.valueToTree(parts.audio().status()));
        reply.set("backend", parts.callEvents().status(json));
        List<String> warnings = parts.configWarnings().get();
        if (!warnings.isEmpty()) {
            reply.set("warnings", json.valueToTree(warnings));
        }
    }
}
