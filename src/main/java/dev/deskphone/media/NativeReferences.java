package dev.deskphone.media;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the native references webrtc-java 0.14.0 takes for Java and never drops.
 *
 * <p>Its {@code RTCPeerConnection.close()} closes the native peer connection but keeps the reference
 * taken when the connection was created, so every call's native object graph (transports, channels,
 * codec tables, ≈ 80 KB) stayed allocated for the life of the process: webrtc-java issue #239, fixed
 * after 0.14.0 by its PR #283, not released yet. {@code addTrack} likewise hands Java a reference to
 * the sender that nothing drops, and {@code createAudioSource} one to the source (0.14.0's sources
 * have no {@code dispose}). All are plain {@code webrtc::RefCountInterface} references, the kind the
 * library's own {@link RefCountedObject#release()} drops (as for its video buffers), so once the
 * library is done with them (after {@code close()}, after the source's tracks are disposed) a holder
 * of the handle releases them.
 *
 * <p>Only for the release known to leak: a webrtc-java that drops the reference in {@code close()}
 * itself would be released twice, so any other version turns this off (and says so).
 */
final class NativeReferences {
    private static final Logger log = LoggerFactory.getLogger(NativeReferences.class);
    static final String LEAKING_VERSION = "0.14.0";
    private static final String VERSION_RESOURCE = "/META-INF/maven/dev.onvoid.webrtc/webrtc-java/pom.properties";

    private final Field handle;

    private NativeReferences(Field handle) {
        this.handle = handle;
    }

    /** For the webrtc-java on the class path: active only if it is the release known to leak. */
    static NativeReferences forLoadedLibrary() {
        Optional<String> version = loadedVersion();
        if (version.isEmpty() || !version.get().equals(LEAKING_VERSION)) {
            log.warn(
                    "webrtc-java {} is not {}: closed peer connections are left to the library to free",
                    version.orElse("(version unknown)"),
                    LEAKING_VERSION);
            return inactive();
        }
        try {
            Field field = NativeObject.class.getDeclaredField("nativeHandle");
            field.setAccessible(true);
            return new NativeReferences(field);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot reach webrtc-java's native handles: closed peer connections stay allocated", e);
            return inactive();
        }
    }

    /** Releases nothing: for libraries that free what they close. */
    static NativeReferences inactive() {
        return new NativeReferences(null);
    }

    boolean active() {
        return handle != null;
    }

    /** The object's native handle, to be read before {@code close()} clears it; 0 when inactive. */
    long handleOf(NativeObject object) {
        if (handle == null || object == null) {
            return 0;
        }
        try {
            return handle.getLong(object);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("webrtc-java's native handle is not readable", e);
        }
    }

    /**
     * Drops the reference a live wrapper holds and clears its handle, so that the wrapper cannot drop
     * it a second time.
     *
     * @return true when that was the last reference, i.e. the native object is deleted
     */
    boolean release(NativeObject object) {
        long nativeHandle = handleOf(object);
        if (nativeHandle == 0) {
            return false;
        }
        try {
            handle.setLong(object, 0);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("webrtc-java's native handle is not writable", e);
        }
        return release(nativeHandle);
    }

    /**
     * Drops the one reference Java holds on a native object that webrtc-java no longer tracks.
     *
     * @return true when that was the last reference, i.e. the native object is deleted
     */
    boolean release(long nativeHandle) {
        if (handle == null || nativeHandle == 0) {
            return false;
        }
        Reference reference = new Reference();
        try {
            handle.setLong(reference, nativeHandle);
            reference.release();
            // The library clears the handle exactly when Release() deleted the object.
            return handle.getLong(reference) == 0;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("webrtc-java's native handle is not writable", e);
        }
    }

    private static Optional<String> loadedVersion() {
        try (InputStream in = RTCPeerConnection.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A holder for one handle, so that the library's generic release can be called on it. */
    private static final class Reference extends RefCountedObject {}
}
