package dev.deskphone.app;

import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountCommands;
import dev.deskphone.audio.AudioSettings;
import dev.deskphone.bridge.PageApi;
import dev.deskphone.calls.CallServices;
import dev.deskphone.ringing.IncomingCallAlerts;
import dev.deskphone.ringing.RingerRingtone;
import dev.deskphone.sip.SipSockets;
import dev.deskphone.state.DesktopStateStore;

/**
 * What the page's message handlers and the window use, all created by {@link DeskphoneApp} before the
 * window opens (the page's messages to Java go to them from its first load on).
 */
record PageServices(
        AppExecutors executors,
        PageApi page,
        CallServices calls,
        SipSockets sockets,
        CallEventsService events,
        AudioSettings audio,
        ConfigToPage config,
        SettingsRequests settings,
        AccountCommands accountCommands,
        RingerRingtone ringtone,
        IncomingCallAlerts.Notifier notifier,
        DesktopStateStore desktopState,
        AccountAvailability availability,
        AvailabilityMessages availabilityMessages) {}
