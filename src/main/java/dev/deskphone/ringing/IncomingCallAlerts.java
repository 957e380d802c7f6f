package dev.deskphone.ringing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming-call alerts that reach the agent even when the window is hidden in the tray: a desktop
 * notification per ringing call and one ringtone while any call rings. Answering from the
 * notification tells the page to answer and brings the window forward; so does a call answered in
 * the page. Declining from it tells the page to refuse the call (the page's {@code decline} command: 603 Decline).
 *
 * <p>Callable from any thread; the work happens on the FX thread. The page drives it with
 * {@code {type:"alert", kind:"incoming-call", call, caller, account}} and
 * {@code {type:"alert", kind:"stop", call, answered?}} (architecture.md).
 */
public final class IncomingCallAlerts {
    private static final Logger log = LoggerFactory.getLogger(IncomingCallAlerts.class);

    /** Shows and hides the per-call notification; FX thread. */
    public interface Notifier {
        /**
         * Shows the call's notification. It must not take the keyboard focus (the agent may be typing
         * in another application) and no key may answer or decline: only a click does.
         */
        void show(IncomingCall call, Runnable answer, Runnable decline, Runnable showWindow);

        void dismiss(String callId);
    }

    /** The ringtone, played while at least one call rings; FX thread. */
    public interface Ringtone {
        void start();

        void stop();
    }

    private final Notifier notifier;
    private final Ringtone ringtone;
    private final Consumer<String> answerInPage;
    private final Consumer<String> declineInPage;
    private final Runnable bringWindowForward;
    // FX thread only.
    private final Map<String, IncomingCall> ringing = new LinkedHashMap<>();
    // Inbound calls the page answers at once (auto-answer 0), until established or gone; FX thread only.
    private final Set<String> answeringAtOnce = new HashSet<>();

    /**
     * @param answerInPage  tells the page to answer the call (its {@code answer} command)
     * @param declineInPage tells the page to refuse the call (its {@code decline} command: 603 Decline)
     */
    public IncomingCallAlerts(
            Notifier notifier,
            Ringtone ringtone,
            Consumer<String> answerInPage,
            Consumer<String> declineInPage,
            Runnable bringWindowForward) {
        this.notifier = notifier;
        this.ringtone = ringtone;
        this.answerInPage = answerInPage;
        this.declineInPage = declineInPage;
        this.bringWindowForward = bringWindowForward;
    }

    /** Starts alerting for a ringing call; a second ring for the same call changes nothing. */
    public void ring(IncomingCall call) {
        onFx(() -> {
            if (ringing.putIfAbsent(call.callId(), call) != null) {
                return;
            }
            log.info("Incoming call {} on {}", call.callId(), call.account());
            notifier.show(call, () -> answer(call.callId()), () -> decline(call.callId()), bringWindowForward);
            if (ringing.size() == 1) {
                ringtone.start();
            }
        });
    }

    /** Stops alerting for the call (answered, rejected, cancelled, ended); unknown ids are ignored. */
    public void stop(String callId) {
        onFx(() -> {
            if (ringing.remove(callId) == null) {
                return;
            }
            notifier.dismiss(callId);
            if (ringing.isEmpty()) {
                ringtone.stop();
            }
        });
    }

    /** Stops alerting and brings the window forward: the agent is now on this call. */
    public void answered(String callId) {
        stop(callId);
        onFx(bringWindowForward);
    }

    /** Stops every alert (at quit). */
    public void stopAll() {
        onFx(() -> Map.copyOf(ringing).keySet().forEach(this::stop));
    }

    private void answer(String callId) {
        answerInPage.accept(callId);
        answered(callId);
    }

    /** Refused from the notification: the page ends the call; its alert stops at once. */
    private void decline(String callId) {
        declineInPage.accept(callId);
        stop(callId);
    }

    /**
     * Follows the page's {@code call-state} messages (bridge-protocol.md): an inbound
     * call alerts while it rings; answering it brings the window forward; anything else stops it.
     * A call the page answers at once ({@code autoAnswerAtOnce}) does not ring: a notification and a
     * ringtone for a call that is already being answered would only cost its set-up time; the
     * window still comes forward once it is established.
     */
    public void onCallState(ObjectNode message) {
        String callId = text(message, "callId");
        String state = text(message, "state");
        if (callId == null || state == null) {
            return;
        }
        boolean inbound = "inbound".equals(text(message, "direction"));
        boolean atOnce = message.path("autoAnswerAtOnce").asBoolean(false);
        switch (state) {
            case "ringing" -> {
                if (inbound && atOnce) {
                    onFx(() -> answeringAtOnce.add(callId));
                } else if (inbound) {
                    ring(new IncomingCall(
                            callId,
                            text(message, "remoteDisplayName"),
                            text(message, "remote"),
                            text(message, "account")));
                }
            }
            case "established" ->
                onFx(() -> {
                    if (answeringAtOnce.remove(callId)) {
                        bringWindowForward.run();
                    } else if (ringing.containsKey(callId)) {
                        answered(callId);
                    }
                });
            default -> {
                onFx(() -> answeringAtOnce.remove(callId));
                stop(callId);
            }
        }
    }

    /** A page {@code alert} message; throws IllegalArgumentException naming the bad field. */
    public void onPageMessage(ObjectNode message) {
        String kind = text(message, "kind");
        String callId = text(message, "call");
        if (kind == null) {
            throw new IllegalArgumentException("alert needs \"kind\" (incoming-call or stop)");
        }
        if (callId == null) {
            throw new IllegalArgumentException("alert needs \"call\" (the call id)");
        }
        switch (kind) {
            case "incoming-call" -> ring(new IncomingCall(callId, text(message, "caller"), text(message, "account")));
            case "stop" -> {
                if (message.path("answered").asBoolean(false)) {
                    answered(callId);
                } else {
                    stop(callId);
                }
            }
            default ->
                throw new IllegalArgumentException("alert \"kind\" must be incoming-call or stop, not '" + kind + "'");
        }
    }

    private static String text(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static void onFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
