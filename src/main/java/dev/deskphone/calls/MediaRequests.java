package dev.deskphone.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.media.CallMediaControl;
import dev.deskphone.media.CallMediaOptions;
import dev.deskphone.media.DtmfTones;
import dev.deskphone.media.OfferOptions;
import dev.deskphone.media.SdpType;
import dev.deskphone.media.ThreeWayMix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the page's {@code media-request}s (architecture.md, "Calls and media"): each SIP.js
 * session description handler ({@code call}) gets one {@link CallMediaControl}; every operation is
 * answered with one {@code media-response}, an error included, and never throws back to the page.
 *
 * <p>Called on the FX thread; the media work itself runs on the media thread (the futures of
 * {@link CallMediaControl}), and replies go out through {@code replies}, which may be called from
 * any thread. Requests of one call run one after another in the order they came, each once the one
 * before has finished (failed or not), the first once the call's media is created: so the page may
 * send {@code set-remote} and {@code answer} together, without waiting in between, and the answer is
 * still made from the offer.
 */
final class MediaRequests {
    private static final Logger log = LoggerFactory.getLogger(MediaRequests.class);

    private final Function<CallMediaOptions, CompletableFuture<? extends CallMediaControl>> createCall;
    private final MediaResponses responses;
    private final Map<String, CompletableFuture<CallMediaControl>> calls = new ConcurrentHashMap<>();
    private final MergedCalls merged;
    // The last request of each call: the next one starts when it has finished.
    private final Map<String, CompletableFuture<?>> lastRequest = new ConcurrentHashMap<>();

    /**
     * @param createCall makes a call's media (the engine's {@code createCall})
     * @param replies sends a message to the page (PageApi.post)
     */
    MediaRequests(
            Function<CallMediaOptions, CompletableFuture<? extends CallMediaControl>> createCall,
            Consumer<Map<String, Object>> replies) {
        this(createCall, ThreeWayMix.unavailable("Merging calls is not available here."), replies);
    }

    /**
     * @param mix merges two calls' audio into a three-way call (the audio router)
     */
    MediaRequests(
            Function<CallMediaOptions, CompletableFuture<? extends CallMediaControl>> createCall,
            ThreeWayMix mix,
            Consumer<Map<String, Object>> replies) {
        this.createCall = createCall;
        this.merged = new MergedCalls(mix, calls::get);
        this.responses = new MediaResponses(replies);
    }

    /** Calls whose media is created and not yet closed (by the page or by {@link #closeAll}). */
    int openCalls() {
        return calls.size();
    }

    /**
     * Handles one request. Only a request without an {@code id} is refused by exception (there is
     * nothing to answer it with); everything else gets a {@code media-response}.
     */
    void handle(ObjectNode request) {
        JsonNode idNode = request.get("id");
        if (idNode == null
                || !(idNode.isTextual() || idNode.isIntegralNumber())
                || idNode.asText().isEmpty()) {
            throw new IllegalArgumentException("media-request needs an \"id\" (string or integer)");
        }
        Object id = idNode.isTextual() ? idNode.asText() : idNode.asLong();
        CompletableFuture<Object> result;
        try {
            result = dispatch(request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        long started = System.nanoTime();
        String op = request.path("op").asText("");
        result.whenComplete((value, error) -> {
            log.debug("media-request {} '{}' answered in {} ms", id, op, (System.nanoTime() - started) / 1_000_000);
            responses.answer(id, value, error);
        });
    }

    private CompletableFuture<Object> dispatch(ObjectNode request) {
        String op = text(request, "op");
        String call = text(request, "call");
        JsonNode params = request.path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            throw new IllegalArgumentException("params: must be an object");
        }
        return switch (op) {
            case "create" -> create(call, params);
            case "offer" -> {
                OfferOptions options = new OfferOptions(flag(params, "hold"), flag(params, "iceRestart"));
                yield on(call, media -> media.createOffer(options).thenApply(sdp -> Map.of("sdp", sdp)));
            }
            case "answer" -> {
                boolean hold = flag(params, "hold");
                yield on(call, media -> media.createAnswer(hold).thenApply(sdp -> Map.of("sdp", sdp)));
            }
            case "set-remote" -> {
                SdpType type = MediaRequestFields.sdpType(params);
                String sdp = text(params, "sdp", "params.sdp");
                yield on(call, media -> media.setRemoteDescription(type, sdp).thenApply(v -> Map.of()));
            }
            case "rollback" -> on(call, media -> media.rollback().thenApply(v -> Map.of()));
            case "mute" -> {
                boolean mute = MediaRequestFields.requiredFlag(params, "muted");
                yield on(call, media -> merged.mute(call, media, mute).thenApply(v -> Map.of()));
            }
            case "merge" -> merged.merge(call, text(params, "other", "params.other"));
            case "split" -> merged.split(call);
            case "dtmf" -> {
                DtmfTones tones = new DtmfTones(
                        text(params, "tones", "params.tones"),
                        MediaRequestFields.intOr(params, "durationMs", DtmfTones.DEFAULT_DURATION_MS),
                        MediaRequestFields.intOr(params, "gapMs", DtmfTones.DEFAULT_GAP_MS));
                yield on(call, media -> media.sendDtmf(tones).thenApply(sent -> Map.of("sent", sent)));
            }
            case "stats" -> on(call, media -> media.stats().thenApply(CallQuality::of));
            case "close" -> close(call);
            default -> throw new IllegalArgumentException("op: unknown operation '" + op + "'");
        };
    }

    private CompletableFuture<Object> create(String call, JsonNode params) {
        CallMediaOptions options = MediaRequestFields.callOptions(params);
        CompletableFuture<CallMediaControl> media = new CompletableFuture<>();
        if (calls.putIfAbsent(call, media) != null) {
            throw new IllegalArgumentException("call: media for '" + call + "' already exists");
        }
        createCall.apply(options).whenComplete((created, error) -> {
            if (error != null) {
                calls.remove(call, media);
                lastRequest.remove(call);
                media.completeExceptionally(error);
                return;
            }
            created.addStateListener(state -> {
                if (calls.containsKey(call)) {
                    responses.stateChanged(call, state);
                }
            });
            media.complete(created);
        });
        return media.thenApply(created -> Map.of());
    }

    private CompletableFuture<Object> on(
            String call, Function<CallMediaControl, CompletableFuture<? extends Object>> operation) {
        CompletableFuture<CallMediaControl> media = calls.get(call);
        if (media == null) {
            throw new IllegalArgumentException("call: no media for '" + call + "' (create it first, or it was closed)");
        }
        CompletableFuture<?> before = lastRequest.getOrDefault(call, media);
        CompletableFuture<Object> result = before.handle((value, error) -> media)
                .thenCompose(created -> created)
                .thenCompose(m -> operation.apply(m).thenApply(value -> (Object) value));
        lastRequest.put(call, result);
        return result;
    }

    private CompletableFuture<Object> close(String call) {
        CompletableFuture<CallMediaControl> media = calls.remove(call);
        CompletableFuture<?> before = lastRequest.remove(call);
        if (media == null) {
            merged.leave(call);
            return CompletableFuture.completedFuture(Map.of()); // closing twice is harmless
        }
        CompletableFuture<?> last = before == null ? media : before;
        return merged.leave(call)
                .thenCompose(v -> last.handle((value, error) -> media))
                .thenCompose(created -> created)
                .thenCompose(CallMediaControl::close)
                .thenApply(v -> (Object) Map.of());
    }

    /** The page went away (reload, exit): its handlers are gone, so is their media. */
    CompletableFuture<Void> closeAll() {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (String call : List.copyOf(calls.keySet())) {
            closing.add(close(call).exceptionally(e -> null));
        }
        if (!closing.isEmpty()) {
            log.info("Closing the media of {} calls the page left behind", closing.size());
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    private static String text(JsonNode node, String field) {
        return MediaRequestFields.text(node, field);
    }

    private static String text(JsonNode node, String field, String name) {
        return MediaRequestFields.text(node, field, name);
    }

    private static boolean flag(JsonNode params, String field) {
        return MediaRequestFields.flag(params, field);
    }
}
