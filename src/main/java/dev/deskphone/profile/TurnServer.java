package dev.deskphone.profile;

import java.net.URI;

/**
 * A TURN relay (RFC 7065 URI). Its password is kept in {@code secrets.json}: see {@link Secrets}.
 */
public record TurnServer(URI uri, String username) {}
