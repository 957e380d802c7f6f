package dev.deskphone.media;

/**
 * Receives the decoded audio of a call's remote track (what the speaker plays), 10 ms at a time.
 * Called on a native audio thread: copy what you need and return at once.
 */
@FunctionalInterface
public interface RemoteAudioListener {
    /**
     * @param samples mono 16-bit PCM (multi-channel audio is averaged); the array is reused after
     *     the call returns
     * @param count number of valid samples
     * @param sampleRate samples per second
     */
    void onAudio(short[] samples, int count, int sampleRate);
}
