package dev.deskphone.calls;

import dev.deskphone.calls.CallBoard.CallStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two reports of the same call, as {@link CallChange} events. The page reports
 * the whole call on every change ({@code call-state}); the events say which part moved: its state,
 * or, while established, hold and mute.
 */
final class CallChanges {
    private CallChanges() {}

    /** The events from {@code previous} (null for a call seen for the first time) to {@code current}. */
    static List<CallChange> between(CallStatus previous, CallStatus current) {
        List<CallChange> events = new ArrayList<>();
        boolean stateChanged = previous == null || !previous.state().equals(current.state());
        if (stateChanged) {
            switch (current.state()) {
                case "ringing" -> events.add(event("ringing", current));
                case "dialing" -> events.add(event("dialing", current));
                case "ringback" -> events.add(event("ringback", current));
                case "established" -> events.add(event("answered", current));
                case "ended" -> {
                    if (current.transferredTo() != null) {
                        events.add(event("transferred", current));
                    }
                    events.add(event("ended", current));
                }
                default -> events.add(event(current.state(), current));
            }
        }
        if (previous != null && "established".equals(current.state())) {
            if (flag(previous.held()) != flag(current.held())) {
                events.add(event(flag(current.held()) ? "held" : "resumed", current));
            }
            if (flag(previous.muted()) != flag(current.muted())) {
                events.add(event(flag(current.muted()) ? "muted" : "unmuted", current));
            }
        }
        return events;
    }

    private static boolean flag(Boolean value) {
        return Objects.requireNonNullElse(value, false);
    }

    private static CallChange event(String name, CallStatus call) {
        boolean ended = "ended".equals(call.state());
        return new CallChange(
                name,
                call.callId(),
                call.account(),
                call.direction(),
                call.remote(),
                call.state(),
                ended ? call.reason() : null,
                ended ? call.sipStatus() : null,
                ended ? call.endedBy() : null,
                call.transferredTo(),
                call.sinceEpochMs());
    }
}
