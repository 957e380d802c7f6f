package dev.deskphone.media;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * This process's clients of the sound server, by index. libwebrtc's PulseAudio device module opens
 * a client of its own, and names its streams alike in every call ({@code playStream},
 * {@code recStream}): the client index is what tells one call's streams from another's.
 */
@FunctionalInterface
public interface SoundClients {
    /** No sound server to ask: calls are not told apart. */
    SoundClients NONE = Set::of;

    /** The indexes of this process's clients now; empty when the server cannot be asked. */
    Set<Long> ours();

    /** The one client in {@code after} that is not in {@code before}; empty when that is not exactly one. */
    static OptionalLong added(Set<Long> before, Set<Long> after) {
        Set<Long> added = new HashSet<>(after);
        added.removeAll(before);
        return added.size() == 1 ? OptionalLong.of(added.iterator().next()) : OptionalLong.empty();
    }
}
