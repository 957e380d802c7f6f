package dev.deskphone.profile;

/**
 * An account as typed by an admin, before validation. Null display name or auth username take
 * their defaults (the extension). The password travels separately, as a {@code char[]}.
 */
public record AccountDraft(String profile, String extension, String displayName, String authUsername) {}
