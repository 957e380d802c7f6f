package dev.deskphone.media;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.media.PulseStreams.Direction;
import dev.deskphone.media.PulseStreams.Stream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sound-server wiring of a three-way call (ADR 0015), for two calls each played and recorded
 * by a sound-server client of its own. Per call ("leg") L, with O the other one:
 *
 * <ul>
 *   <li>a null sink {@code heard-L} takes L's playback instead of the speaker; a loopback plays its
 *       monitor on the speaker, so the agent hears both far ends;
 *   <li>a null sink {@code send-L}, whose monitor L records instead of the microphone, gets a
 *       loopback of the microphone and one of {@code heard-O}'s monitor: L's far end hears the agent
 *       and O's far end, never itself.
 * </ul>
 *
 * Muting the agent towards one leg unloads that leg's microphone loopback only. Splitting moves the
 * streams back and unloads everything. A stream that appears while merged (a leg resumed after hold
 * reopens its streams) goes where its leg's streams belong: see {@link #target}.
 *
 * <p>Runs on the router's worker thread only.
 */
final class MixWiring {
    private static final Logger log = LoggerFactory.getLogger(MixWiring.class);

    /**
     * module-loopback's target latency. Its default, 200 ms, would be heard as a lag; below ~20 ms
     * a loaded machine underruns and crackles. This is the mix's added latency.
     */
    static final int LOOPBACK_LATENCY_MS = 30;

    /** One module to load: the arguments after {@code pactl load-module}; {@code micOf} names the leg of a microphone loopback. */
    record Module(List<String> args, long micOf) {
        static final long NOT_A_MICROPHONE = -1;

        boolean isSink() {
            return args.get(0).equals("module-null-sink");
        }
    }

    /** A merge in place: its legs, the modules loaded (in order), and the devices its loopbacks use. */
    private record Merge(
            long first,
            long second,
            Optional<String> microphone,
            Optional<String> speaker,
            Map<Long, Long> micLoopbacks,
            List<Long> modules,
            Set<Long> sinks) {
        boolean has(long client) {
            return client == first || client == second;
        }
    }

    private final Pactl pactl;
    private final PactlBatch batch;
    private final long pid;
    private Merge merge;

    MixWiring(Pactl pactl, PactlBatch batch, long pid) {
        this.pactl = pactl;
        this.batch = batch;
        this.pid = pid;
    }

    boolean merged(long client) {
        return merge != null && merge.has(client);
    }

    /**
     * The modules of a merge of clients {@code first} and {@code second}, in load order: null sinks
     * first (the loopbacks play into them). No {@code source=} / {@code sink=} without a device: the
     * server's default.
     */
    static List<Module> plan(long pid, long first, long second, Optional<String> microphone, Optional<String> speaker) {
        List<Module> modules = new ArrayList<>();
        for (long leg : List.of(first, second)) {
            modules.add(nullSink(heard(pid, leg), "Deskphone-three-way-call-heard"));
            modules.add(nullSink(send(pid, leg), "Deskphone-three-way-call-sent"));
        }
        for (long leg : List.of(first, second)) {
            long other = leg == first ? second : first;
            modules.add(loopback(Optional.of(heard(pid, leg) + ".monitor"), speaker, Module.NOT_A_MICROPHONE));
            modules.add(micLoopback(pid, leg, microphone));
            modules.add(loopback(
                    Optional.of(heard(pid, other) + ".monitor"), Optional.of(send(pid, leg)), Module.NOT_A_MICROPHONE));
        }
        return modules;
    }

    static Module micLoopback(long pid, long leg, Optional<String> microphone) {
        return loopback(microphone, Optional.of(send(pid, leg)), leg);
    }

    static String heard(long pid, long leg) {
        return "deskphone-" + pid + "-heard-" + leg;
    }

    static String send(long pid, long leg) {
        return "deskphone-" + pid + "-send-" + leg;
    }

    private static Module nullSink(String name, String description) {
        return new Module(
                List.of(
                        "module-null-sink",
                        "sink_name=" + name,
                        // Without spaces: pactl joins its arguments, and a quoted value inside
                        // sink_properties needs a second level of quotes the parsers disagree on.
                        "sink_properties=device.description=" + description),
                Module.NOT_A_MICROPHONE);
    }

    private static Module loopback(Optional<String> source, Optional<String> sink, long micOf) {
        List<String> args = new ArrayList<>(List.of("module-loopback"));
        source.ifPresent(s -> args.add("source=" + s));
        sink.ifPresent(s -> args.add("sink=" + s));
        args.add("latency_msec=" + LOOPBACK_LATENCY_MS);
        // The router moves our call streams; the loopbacks stay where they are put.
        args.add("source_dont_move=true");
        args.add("sink_dont_move=true");
        return new Module(List.copyOf(args), micOf);
    }

    /**
     * Merges: loads the null sinks together, then the loopbacks that play into them, then moves both
     * legs' streams. The loopbacks use the chosen devices, else the ones the legs' streams are on now,
     * else the server's defaults.
     */
    void merge(long first, long second, Optional<String> microphone, Optional<String> speaker) throws IOException {
        if (merge != null) {
            throw new MediaException("the calls are merged already: split them first");
        }
        if (first == second) {
            throw new MediaException("a call cannot be merged with itself");
        }
        long started = System.nanoTime();
        Optional<String> mic = microphone.or(() -> currentDevice(Direction.MICROPHONE, first, second));
        Optional<String> spk = speaker.or(() -> currentDevice(Direction.SPEAKER, first, second));
        List<Module> modules = plan(pid, first, second, mic, spk);
        List<Long> loaded = new ArrayList<>();
        Set<Long> sinks = new HashSet<>();
        Map<Long, Long> micLoopbacks = new LinkedHashMap<>();
        try {
            for (boolean sinkStage : List.of(true, false)) {
                List<Module> stage =
                        modules.stream().filter(m -> m.isSink() == sinkStage).toList();
                List<PactlBatch.Outcome<Long>> outcomes = batch.runAll(stage.stream()
                        .<PactlBatch.Step<Long>>map(m -> () -> load(m))
                        .toList());
                for (int i = 0; i < stage.size(); i++) {
                    if (outcomes.get(i).ok()) {
                        long index = outcomes.get(i).value();
                        loaded.add(index);
                        if (sinkStage) {
                            sinks.add(index);
                        }
                        if (stage.get(i).micOf() != Module.NOT_A_MICROPHONE) {
                            micLoopbacks.put(stage.get(i).micOf(), index);
                        }
                    }
                }
                for (PactlBatch.Outcome<Long> outcome : outcomes) {
                    if (!outcome.ok()) {
                        throw outcome.failure();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            unload(loaded, sinks);
            throw e;
        }
        merge = new Merge(first, second, mic, spk, micLoopbacks, loaded, sinks);
        long loadedAt = System.nanoTime();
        moveLegs();
        log.info(
                "Three-way call: clients {} and {} merged in {} ms, {} ms of it loading {} modules"
                        + " (microphone {}, speaker {}, loopback latency {} ms)",
                first,
                second,
                (System.nanoTime() - started) / 1_000_000,
                (loadedAt - started) / 1_000_000,
                loaded.size(),
                mic.orElse("default"),
                spk.orElse("default"),
                LOOPBACK_LATENCY_MS);
    }

    /** Moves the merged legs' streams back to the devices and unloads the modules; nothing when not merged. */
    void split() {
        if (merge == null) {
            return;
        }
        Merge done = merge;
        merge = null;
        List<PactlBatch.Outcome<JsonNode>> listings = batch.runAll(Arrays.stream(Direction.values())
                .<PactlBatch.Step<JsonNode>>map(d -> () -> pactl.list(d.streams))
                .toList());
        List<PactlBatch.Step<Void>> moves = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            String device = (direction == Direction.SPEAKER ? done.speaker() : done.microphone())
                    .orElse(direction.systemDefault);
            PactlBatch.Outcome<JsonNode> listing = listings.get(direction.ordinal());
            if (!listing.ok()) {
                log.warn(
                        "Three-way call: could not move the {} back to {}: {}",
                        direction.field,
                        device,
                        listing.failure().getMessage());
                continue;
            }
            for (Stream stream : PulseStreams.callStreams(listing.value(), direction, pid)) {
                if (done.has(stream.client())) {
                    moves.add(() -> {
                        pactl.command(direction.moveCommand, Long.toString(stream.index()), device);
                        return null;
                    });
                }
            }
        }
        for (PactlBatch.Outcome<Void> moved : batch.runAll(moves)) {
            if (!moved.ok()) {
                log.warn(
                        "Three-way call: could not move a stream back: {}",
                        moved.failure().getMessage());
            }
        }
        // Muted legs' microphone loopbacks left the list when they were unloaded.
        unload(done.modules(), done.sinks());
        log.info("Three-way call: clients {} and {} split", done.first(), done.second());
    }

    /** Unloads or loads again the microphone loopback of a merged leg; false when it is not merged. */
    boolean muteLeg(long client, boolean muted) throws IOException {
        if (merge == null || !merge.has(client)) {
            return false;
        }
        Long loopback = merge.micLoopbacks().get(client);
        if (muted && loopback != null) {
            merge.micLoopbacks().remove(client);
            merge.modules().remove(loopback);
            pactl.command("unload-module", Long.toString(loopback));
        } else if (!muted && loopback == null) {
            long index = load(micLoopback(pid, client, merge.microphone()));
            merge.micLoopbacks().put(client, index);
            merge.modules().add(index);
        }
        return true;
    }

    /** Where a merged leg's stream belongs: its {@code heard} sink, or its {@code send} sink's monitor. */
    Optional<String> target(Stream stream, Direction direction) {
        if (merge == null || !merge.has(stream.client())) {
            return Optional.empty();
        }
        return Optional.of(
                direction == Direction.SPEAKER ? heard(pid, stream.client()) : send(pid, stream.client()) + ".monitor");
    }

    /** Moves every stream of the merged legs that is not where it belongs, all at once. */
    void moveLegs() {
        if (merge == null) {
            return;
        }
        List<PactlBatch.Step<JsonNode>> listings = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            listings.add(() -> pactl.list("short", direction.devices));
            listings.add(() -> pactl.list(direction.streams));
        }
        List<PactlBatch.Outcome<JsonNode>> listed = batch.runAll(listings);
        List<PactlBatch.Step<String>> moves = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            PactlBatch.Outcome<JsonNode> devices = listed.get(2 * direction.ordinal());
            PactlBatch.Outcome<JsonNode> streams = listed.get(2 * direction.ordinal() + 1);
            if (!devices.ok() || !streams.ok()) {
                log.warn(
                        "Three-way call: could not move the {} into the mix: {}",
                        direction.field,
                        (devices.ok() ? streams : devices).failure().getMessage());
                continue;
            }
            Map<Long, String> names = PulseStreams.deviceNames(devices.value());
            for (Stream stream : PulseStreams.callStreams(streams.value(), direction, pid)) {
                Optional<String> target = target(stream, direction);
                if (target.isPresent() && !target.get().equals(names.get(stream.device()))) {
                    moves.add(() -> {
                        pactl.command(direction.moveCommand, Long.toString(stream.index()), target.get());
                        return direction.field + " stream " + stream.index() + " of client " + stream.client()
                                + " moved to " + target.get();
                    });
                }
            }
        }
        for (PactlBatch.Outcome<String> moved : batch.runAll(moves)) {
            if (moved.ok()) {
                log.info("Three-way call: {}", moved.value());
            } else {
                log.warn(
                        "Three-way call: could not move a stream into the mix: {}",
                        moved.failure().getMessage());
            }
        }
    }

    private Optional<String> currentDevice(Direction direction, long first, long second) {
        try {
            Map<Long, String> devices = PulseStreams.deviceNames(pactl.list("short", direction.devices));
            return PulseStreams.callStreams(pactl.list(direction.streams), direction, pid).stream()
                    .filter(s -> s.client() == first || s.client() == second)
                    .map(s -> devices.get(s.device()))
                    .filter(name -> name != null)
                    .findFirst();
        } catch (IOException e) {
            log.warn("Three-way call: could not read the {} in use: {}", direction.field, e.getMessage());
            return Optional.empty();
        }
    }

    private long load(Module module) throws IOException {
        List<String> args = new ArrayList<>(List.of("load-module"));
        args.addAll(module.args());
        String index = pactl.output(args.toArray(String[]::new)).strip();
        try {
            return Long.parseLong(index);
        } catch (NumberFormatException e) {
            throw new IOException("pactl load-module " + module.args().get(0) + " printed '" + index + "'", e);
        }
    }

    /** Unloads the loopbacks together, then the sinks they play into. */
    private void unload(List<Long> modules, Set<Long> sinks) {
        for (boolean sinkStage : List.of(false, true)) {
            List<Long> stage =
                    modules.stream().filter(m -> sinks.contains(m) == sinkStage).toList();
            List<PactlBatch.Outcome<Void>> outcomes = batch.runAll(stage.stream()
                    .<PactlBatch.Step<Void>>map(m -> () -> {
                        pactl.command("unload-module", Long.toString(m));
                        return null;
                    })
                    .toList());
            for (int i = 0; i < stage.size(); i++) {
                if (!outcomes.get(i).ok()) {
                    log.warn(
                            "Three-way call: could not unload module {}: {}",
                            stage.get(i),
                            outcomes.get(i).failure().getMessage());
                }
            }
        }
    }
}
