package dev.deskphone.app;

import dev.deskphone.bridge.PageApi;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import dev.deskphone.sip.KeepAliveTimer;
import dev.deskphone.sip.NetworkWatch;
import dev.deskphone.sip.SipSockets;
import dev.deskphone.sip.TlsTrust;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Java side of SIP at start-up: the PBXs' TLS trust, and the SIP sockets with their watchers. */
final class SipWiring {
    private static final Logger log = LoggerFactory.getLogger(SipWiring.class);

    private SipWiring() {}

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

    static SipSockets startSockets(TlsTrust tls, PageApi page, AppExecutors executors) {
        SipSockets sockets = new SipSockets(tls::contextFor, page::post, KeepAliveTimer.on(executors.sipWatch));
        // Resume from suspend and network changes: probe every SIP connection now, not at its next ping.
        NetworkWatch.ofSystem(sockets::probeAll).start(executors.sipWatch);
        return sockets;
    }
}
