package dev.deskphone.app;

import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.settings.SettingRules;
import java.util.Optional;

/**
 * Where call events go, as the launch settings (flags and settings files) decided.
 *
 * @param backend the {@code --backend} URL and its token; empty: the embedded backend on loopback
 * @param outboxCapacity how many events the outbox holds at most ({@code --outbox-capacity})
 * @param wrapUpSeconds {@code --wrapup-seconds}: overrides the profiles' wrap-up timer
 */
public record EventsOptions(Optional<BackendEndpoint> backend, int outboxCapacity, Optional<Integer> wrapUpSeconds) {
    public static final int DEFAULT_OUTBOX_CAPACITY = SettingRules.DEFAULT_OUTBOX_CAPACITY;
}
