package dev.deskphone.calls;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's calls as it last reported them ({@code call-state} messages), for the instance
 * channel's {@code status} (tests, `deskphone status`), `deskphone call` (which call a command
 * acts on) and `deskphone calls watch`. Ended calls are kept
 * (the most recent {@value #KEEP_ENDED}) so a caller can see how a call ended.
 */
final class CallBoard {
    private static final Logger log = LoggerFactory.getLogger(CallBoard.class);
    static final int KEEP_ENDED = 20;

    /** One call: ids and states as in architecture.md ("Calls and media", {@code call-state}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record CallStatus(
            String callId,
            String account,
            String direction,
            String remote,
            String state,
            Boolean held,
            Boolean remoteHeld,
            Boolean muted,
            /* The other call of the three-way call this one is merged into. */
            String conference,
            String reason,
            Integer sipStatus,
            String endedBy,
            String transferredTo,
            Map<String, Object> quality,
            String signalling,
            Integer restores,
            Long createdAt,
            Long answeredAt,
            long sinceEpochMs) {}

    private final Map<String, CallStatus> calls = new ConcurrentHashMap<>();

    /** Records the call's new state; returns what was known of it before (null for a new call). */
    CallStatus update(CallStatus status) {
        CallStatus previous = calls.put(status.callId(), status);
        if (previous == null || !previous.state().equals(status.state())) {
            log.info(
                    "Call {} ({} {} {}): {}{}",
                    status.callId(),
                    status.account(),
                    status.direction(),
                    status.remote(),
                    status.state(),
                    status.reason() != null ? " (" + status.reason() + ")" : "");
        }
        if ("ended".equals(status.state())) {
            dropOldEnded();
        }
        return previous;
    }

    boolean anyActive() {
        return calls.values().stream().anyMatch(c -> !"ended".equals(c.state()));
    }

    /** The page reloaded: its calls are gone. */
    void clearActive() {
        calls.values().removeIf(c -> !"ended".equals(c.state()));
    }

    List<CallStatus> snapshot() {
        return calls.values().stream()
                .sorted(Comparator.comparingLong(CallStatus::sinceEpochMs))
                .toList();
    }

    /** The calls that have not ended, in the order they began. */
    List<CallStatus> active() {
        return calls.values().stream()
                .filter(c -> !"ended".equals(c.state()))
                .sorted(Comparator.comparingLong(c -> c.createdAt() != null ? c.createdAt() : c.sinceEpochMs()))
                .toList();
    }

    /** The call with this id, ended or not, while the board keeps it. */
    java.util.Optional<CallStatus> find(String callId) {
        return java.util.Optional.ofNullable(calls.get(callId));
    }

    private void dropOldEnded() {
        List<CallStatus> ended = calls.values().stream()
                .filter(c -> "ended".equals(c.state()))
                .sorted(Comparator.comparingLong(CallStatus::sinceEpochMs))
                .toList();
        for (int i = 0; i < ended.size() - KEEP_ENDED; i++) {
            calls.remove(ended.get(i).callId());
        }
    }
}
