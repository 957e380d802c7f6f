package dev.deskphone.instance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One line each way over an instance-channel connection, bounded in time. A channel over a Unix
 * domain socket has no SO_TIMEOUT, so the connection is read and written without blocking, with a
 * selector waiting at most until the deadline: a peer that connects and sends nothing (or never
 * reads) costs one connection its deadline, never the channel.
 */
final class InstanceLines {
    private InstanceLines() {}

    /**
     * The bytes up to the first newline, decoded as UTF-8; empty when the peer closed first.
     *
     * @throws SocketTimeoutException when the deadline ({@link System#nanoTime()}) passes first
     * @throws IOException when the line is longer than {@code maxBytes}
     */
    static Optional<String> readLine(SocketChannel channel, long deadlineNanos, int maxBytes) throws IOException {
        channel.configureBlocking(false);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                int read = channel.read(buffer);
                if (read < 0) {
                    return Optional.empty();
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        return Optional.of(line.toString(StandardCharsets.UTF_8));
                    }
                    line.write(b);
                }
                buffer.clear();
                if (line.size() > maxBytes) {
                    throw new IOException("request longer than " + maxBytes + " bytes");
                }
                if (read == 0) {
                    awaitReady(selector, deadlineNanos);
                }
            }
        }
    }

    /** Writes the line and a newline, or fails with {@link SocketTimeoutException} at the deadline. */
    static void writeLine(SocketChannel channel, String text, long deadlineNanos) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_WRITE);
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0) {
                    awaitReady(selector, deadlineNanos);
                }
            }
        }
    }

    private static void awaitReady(Selector selector, long deadlineNanos) throws IOException {
        long remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            throw new SocketTimeoutException("no complete line before the deadline");
        }
        selector.select(remainingMs);
        selector.selectedKeys().clear();
    }
}
