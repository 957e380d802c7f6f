package dev.deskphone.ringing;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ringtone on the device chosen for ringing (Settings → Audio devices → Ringing), or, with none
 * chosen or no PulseAudio player, on the system default output. FX thread, like every ringtone.
 */
public final class RingerRingtone implements IncomingCallAlerts.Ringtone {
    private final Supplier<Optional<String>> ringer;
    private final IncomingCallAlerts.Ringtone systemDefault;
    private final Optional<PaplayRingtone> onDevice;
    private Runnable stopActive = () -> {};

    public RingerRingtone(
            Supplier<Optional<String>> ringer,
            IncomingCallAlerts.Ringtone systemDefault,
            Optional<PaplayRingtone> onDevice) {
        this.ringer = ringer;
        this.systemDefault = systemDefault;
        this.onDevice = onDevice;
    }

    @Override
    public void start() {
        stopActive.run();
        Optional<String> device = ringer.get();
        if (device.isPresent() && onDevice.isPresent()) {
            onDevice.get().start(device.get());
            stopActive = onDevice.get()::stop;
        } else {
            systemDefault.start();
            stopActive = systemDefault::stop;
        }
    }

    @Override
    public void stop() {
        stopActive.run();
        stopActive = () -> {};
    }
}
