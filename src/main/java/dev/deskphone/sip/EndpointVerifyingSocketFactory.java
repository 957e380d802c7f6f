package dev.deskphone.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SSL socket factory whose sockets verify the server's host name during the handshake
 * (endpoint identification "HTTPS", RFC 2818 / RFC 6125), so a certificate for another host fails
 * the handshake instead of being accepted; the trust (which CAs) is chosen per server.
 */
final class EndpointVerifyingSocketFactory extends SSLSocketFactory {
    /** Chooses the trust for a server; host may be null when only an address is known. */
    @FunctionalInterface
    interface TrustSelector {
        SSLSocketFactory factoryFor(String host, int port);
    }

    private final TrustSelector trust;

    EndpointVerifyingSocketFactory(TrustSelector trust) {
        this.trust = trust;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return trust.factoryFor(null, 0).getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return trust.factoryFor(null, 0).getSupportedCipherSuites();
    }

    /** The call WebKit's WebSocket makes: wrap a connected socket for host:port. */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return verifying(trust.factoryFor(host, port).createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return verifying(trust.factoryFor(null, 0).createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return verifying(trust.factoryFor(null, 0).createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return verifying(trust.factoryFor(host, port).createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return verifying(trust.factoryFor(host, port).createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return verifying(trust.factoryFor(null, port).createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return verifying(trust.factoryFor(null, port).createSocket(address, port, localAddress, localPort));
    }

    private static Socket verifying(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }
}
