package dev.deskphone.media;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Finds a device by the name the user picked, with an error that lists what is available. */
final class DeviceChooser {
    private DeviceChooser() {}

    /**
     * @return empty when {@code wanted} is null or blank (use the system default)
     * @throws IllegalArgumentException naming {@code field} when no device has that name
     */
    static <D> Optional<D> choose(String field, String wanted, List<D> devices, Function<D, String> name) {
        if (wanted == null || wanted.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(devices.stream()
                .filter(d -> wanted.equals(name.apply(d)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + ": no audio device named '" + wanted
                        + "'; available: " + devices.stream().map(name).toList())));
    }
}
