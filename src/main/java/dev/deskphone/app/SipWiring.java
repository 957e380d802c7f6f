package dev.deskphone.app;

import dev.deskphone.bridge.PageApi;
import dev.deskphone.platform.Threads;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import dev.deskphone.sip.KeepAliveTimer;
import dev.deskphone.sip.NetworkWatch;
import dev.deskphone.sip.SipSockets;
import dev.deskphone.sip.TlsTrust;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Java side of SIP at start-up: the PBXs' TLS trust, and the SIP sockets with their watchers. */
final class SipWiring {
    private static final Logger log = LoggerFactory.getLogger(SipWiring.class);

    private SipWiring() {}

    /**
     * Reads the PBXs' TLS trust on a thread of its own: parsing the system's CAs overlaps the rest of
     * start-up. Nothing needs it before the page opens its first wss:// socket, which waits for it
     * without blocking; the launching thread checks it once the window is up ({@link #await}), so
     * that a CA file that cannot be read still ends the launch.
     */
    static CompletableFuture<TlsTrust> trustPbxCertificatesAsync(Configuration configuration) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return trustPbxCertificates(configuration);
                    } catch (IOException | GeneralSecurityException e) {
                        throw new CompletionException(e);
                    }
                },
                task -> Threads.start("deskphone-tls-trust", task));
    }

    /** The trust read by {@link #trustPbxCertificatesAsync}, or what stopped it from being read. */
    static TlsTrust await(CompletableFuture<TlsTrust> trust) throws IOException, GeneralSecurityException {
        try {
            return trust.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof GeneralSecurityException security) {
                throw security;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    static TlsTrust trustPbxCertificates(Configuration configuration) throws IOException, GeneralSecurityException {
        List<TlsTrust.PrivateCa> privateCas = configuration.profiles().stream()
                .filter(profile -> profile.caFile().isPresent())
                .map(profile -> new TlsTrust.PrivateCa(
                        profile.server(), profile.caFile().get()))
                .toList();
        TlsTrust tls = TlsTrust.create(privateCas);
        tls.installForWebView();
        log.info(
                "TLS: host names verified; private CAs for {}",
                configuration.profiles().stream()
                        .filter(p -> p.caFile().isPresent())
                        .map(Profile::name)
                        .toList());
        return tls;
    }

    /**
     * @param tls the trust being read; a page's wss:// socket opened before it is read connects once it is
     * @param configuration the profiles at start: where one has a ws:// server, that client is built now
     */
    static SipSockets startSockets(
            CompletableFuture<TlsTrust> tls, Configuration configuration, PageApi page, AppExecutors executors) {
        SipSockets sockets = new SipSockets(
                tls.thenApply(trust -> trust::contextFor),
                page::post,
                KeepAliveTimer.on(executors.sipWatch),
                executors.background);
        sockets.prepareClientsFor(
                configuration.profiles().stream().map(Profile::server).toList());
        // Resume from suspend and network changes: probe every SIP connection now, not at its next ping.
        NetworkWatch.ofSystem(sockets::probeAll).start(executors.sipWatch);
        return sockets;
    }
}
