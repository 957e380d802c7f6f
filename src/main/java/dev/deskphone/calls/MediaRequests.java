package dev.deskphone.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.media.CallMediaControl;
import dev.deskphone.media.CallMediaOptions;
import dev.deskphone.media.CallStats;
import dev.deskphone.media.DtmfTones;
import dev.deskphone.media.IceServer;
import dev.deskphone.media.MediaConnectionState;
import dev.deskphone.media.Mos;
import dev.deskphone.media.OfferOptions;
import dev.deskphone.media.SdpType;
import dev.deskphone.media.ThreeWayMix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private final Consumer<Map<String, Object>> replies;
    private final Map<String, CompletableFuture<CallMediaControl>> calls = new ConcurrentHashMap<>();
    private final ThreeWayMix mix;
    /** Calls whose microphone the agent muted; while merged the mix mutes them, not their track. */
    private final Set<String> muted = ConcurrentHashMap.newKeySet();
    /** The two calls merged into a three-way call, or none. */
    private volatile List<String> merged = List.of();
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
        this.mix = mix;
        this.replies = replies;
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
            reply(id, value, error);
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
                SdpType type = sdpType(params);
                String sdp = text(params, "sdp", "params.sdp");
                yield on(call, media -> media.setRemoteDescription(type, sdp).thenApply(v -> Map.of()));
            }
            case "rollback" -> on(call, media -> media.rollback().thenApply(v -> Map.of()));
            case "mute" -> {
                boolean mute = requiredFlag(params, "muted");
                yield on(call, media -> mute(call, media, mute).thenApply(v -> Map.of()));
            }
            case "merge" -> merge(call, text(params, "other", "params.other"));
            case "split" -> split(call);
            case "dtmf" -> {
                DtmfTones tones = new DtmfTones(
                        text(params, "tones", "params.tones"),
                        intOr(params, "durationMs", DtmfTones.DEFAULT_DURATION_MS),
                        intOr(params, "gapMs", DtmfTones.DEFAULT_GAP_MS));
                yield on(call, media -> media.sendDtmf(tones).thenApply(sent -> Map.of("sent", sent)));
            }
            case "stats" -> on(call, media -> media.stats().thenApply(MediaRequests::quality));
            case "close" -> close(call);
            default -> throw new IllegalArgumentException("op: unknown operation '" + op + "'");
        };
    }

    private CompletableFuture<Object> create(String call, JsonNode params) {
        CallMediaOptions options = new CallMediaOptions(
                iceServers(params.path("iceServers")),
                relayOnly(params),
                Duration.ofMillis(intOr(params, "iceGatheringTimeoutMs", (int)
                        CallMediaOptions.DEFAULT_ICE_GATHERING_TIMEOUT.toMillis())),
                codecs(params.path("codecs")));
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
            created.addStateListener(state -> mediaEvent(call, state));
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

    /** Merged: the mix stops the microphone towards this call only, so it still hears the other far end. */
    private CompletableFuture<Void> mute(String call, CallMediaControl media, boolean mute) {
        if (mute) {
            muted.add(call);
        } else {
            muted.remove(call);
        }
        if (merged.contains(call)) {
            return mix.muteLeg(media, mute).thenApply(v -> null);
        }
        return media.setMuted(mute);
    }

    /**
     * Merges two calls' audio. A muted call's track must send again (it carries the other far end
     * too): the mix mutes the microphone towards it instead.
     */
    private CompletableFuture<Object> merge(String call, String other) {
        if (call.equals(other)) {
            throw new IllegalArgumentException("params.other: a call cannot be merged with itself");
        }
        if (!merged.isEmpty()) {
            throw new IllegalArgumentException("call: calls " + merged + " are merged already; split them first");
        }
        CompletableFuture<CallMediaControl> first = media(call, "call");
        CompletableFuture<CallMediaControl> second = media(other, "params.other");
        return first.thenCombine(second, List::of)
                .thenCompose(legs -> mix.merge(legs.get(0), legs.get(1))
                        .thenCompose(v -> {
                            merged = List.of(call, other);
                            List<CompletableFuture<?>> steps = new ArrayList<>();
                            for (int i = 0; i < 2; i++) {
                                if (muted.contains(merged.get(i))) {
                                    CallMediaControl leg = legs.get(i);
                                    steps.add(mix.muteLeg(leg, true).thenCompose(done -> leg.setMuted(false)));
                                }
                            }
                            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
                        })
                        .thenApply(v -> (Object) Map.of("merged", merged)));
    }

    /** Splits the three-way call {@code call} is in; its muted legs mute their own track again. */
    private CompletableFuture<Object> split(String call) {
        List<String> legs = merged;
        if (!legs.contains(call)) {
            throw new IllegalArgumentException("call: '" + call + "' is not in a three-way call");
        }
        return unmerge(legs).thenApply(v -> Map.of());
    }

    private CompletableFuture<Void> unmerge(List<String> legs) {
        merged = List.of();
        return mix.split().thenCompose(v -> {
            List<CompletableFuture<?>> steps = new ArrayList<>();
            for (String leg : legs) {
                CompletableFuture<CallMediaControl> media = calls.get(leg);
                if (media != null && muted.contains(leg)) {
                    steps.add(media.thenCompose(m -> m.setMuted(true)));
                }
            }
            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
        });
    }

    private CompletableFuture<CallMediaControl> media(String call, String field) {
        CompletableFuture<CallMediaControl> media = calls.get(call);
        if (media == null) {
            throw new IllegalArgumentException(field + ": no media for '" + call + "'");
        }
        return media;
    }

    private CompletableFuture<Object> close(String call) {
        CompletableFuture<CallMediaControl> media = calls.remove(call);
        CompletableFuture<?> before = lastRequest.remove(call);
        muted.remove(call);
        if (media == null) {
            return CompletableFuture.completedFuture(Map.of()); // closing twice is harmless
        }
        // A merged call ending leaves the other one a call of its own again.
        List<String> legs = merged;
        CompletableFuture<Void> unmerged =
                legs.contains(call) ? unmerge(legs).exceptionally(e -> null) : CompletableFuture.completedFuture(null);
        CompletableFuture<?> last = before == null ? media : before;
        return unmerged.thenCompose(v -> last.handle((value, error) -> media))
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

    private void mediaEvent(String call, MediaConnectionState state) {
        String event = switch (state) {
            case CONNECTED -> "connected";
            case DISCONNECTED -> "disconnected";
            case FAILED -> "failed";
            default -> null;
        };
        if (event != null && calls.containsKey(call)) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "media-event");
            message.put("call", call);
            message.put("event", event);
            replies.accept(message);
        }
    }

    private void reply(Object id, Object value, Throwable error) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "media-response");
        message.put("id", id);
        if (error == null) {
            message.put("ok", true);
            message.put("result", value);
        } else {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            message.put("ok", false);
            message.put("error", describe(cause));
            if (cause instanceof IllegalArgumentException) {
                log.warn("Media request {} refused: {}", id, cause.getMessage());
            } else {
                log.warn("Media request {} failed", id, cause);
            }
        }
        try {
            replies.accept(message);
        } catch (RuntimeException e) {
            log.error("Answering media request {} failed", id, e);
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /** The call-quality fields of architecture.md; -1 (unknown) values are left out. */
    static Map<String, Object> quality(CallStats stats) {
        Map<String, Object> quality = new LinkedHashMap<>();
        putKnown(quality, "jitterMs", stats.jitterMs());
        putKnown(quality, "packetLossPct", stats.packetLossPercent());
        putKnown(quality, "rttMs", stats.roundTripTimeMs());
        quality.put("codec", stats.codec());
        if (stats.jitterMs() >= 0 && stats.packetLossPercent() >= 0) {
            quality.put(
                    "mos",
                    Mos.estimate(Math.max(0, stats.roundTripTimeMs()), stats.jitterMs(), stats.packetLossPercent()));
        }
        return quality;
    }

    private static void putKnown(Map<String, Object> map, String key, double value) {
        if (value >= 0) {
            map.put(key, Math.round(value * 10) / 10.0);
        }
    }

    private static List<IceServer> iceServers(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("params.iceServers: must be a list");
        }
        List<IceServer> servers = new ArrayList<>();
        for (JsonNode server : node) {
            JsonNode urls = server.path("urls");
            List<String> list = new ArrayList<>();
            if (urls.isTextual()) {
                list.add(urls.asText());
            } else if (urls.isArray()) {
                urls.forEach(u -> list.add(u.asText()));
            } else {
                throw new IllegalArgumentException("params.iceServers.urls: must be a URL or a list of URLs");
            }
            servers.add(new IceServer(list, optionalText(server, "username"), optionalText(server, "credential")));
        }
        return servers;
    }

    /** The profile's codec order: a list of names, checked by {@link CallMediaOptions}; absent: none. */
    private static List<String> codecs(JsonNode codecs) {
        if (codecs.isMissingNode() || codecs.isNull()) {
            return List.of();
        }
        if (!codecs.isArray()) {
            throw new IllegalArgumentException("params.codecs: must be a list of codec names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode codec : codecs) {
            if (!codec.isTextual()) {
                throw new IllegalArgumentException("params.codecs: must be a list of codec names");
            }
            names.add(codec.asText());
        }
        return names;
    }

    private static boolean relayOnly(JsonNode params) {
        String policy = params.path("iceTransportPolicy").asText("all");
        return switch (policy) {
            case "all" -> false;
            case "relay" -> true;
            default ->
                throw new IllegalArgumentException(
                        "params.iceTransportPolicy: must be 'all' or 'relay', got '" + policy + "'");
        };
    }

    private static SdpType sdpType(JsonNode params) {
        String type = text(params, "type", "params.type");
        return switch (type) {
            case "offer" -> SdpType.OFFER;
            case "answer" -> SdpType.ANSWER;
            case "pranswer" -> SdpType.PRANSWER;
            default ->
                throw new IllegalArgumentException(
                        "params.type: must be 'offer', 'answer' or 'pranswer', got '" + type + "'");
        };
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(name + ": required text is missing");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static boolean flag(JsonNode params, String field) {
        JsonNode value = params.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("params." + field + ": must be true or false");
        }
        return value.asBoolean();
    }

    private static boolean requiredFlag(JsonNode params, String field) {
        if (!params.path(field).isBoolean()) {
            throw new IllegalArgumentException("params." + field + ": must be true or false");
        }
        return params.get(field).asBoolean();
    }

    private static int intOr(JsonNode params, String field, int fallback) {
        JsonNode value = params.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("params." + field + ": must be a whole number");
        }
        return value.asInt();
    }
}
