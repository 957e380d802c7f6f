package dev.deskphone.profile;

import java.nio.file.Path;

/**
 * Who may read the system {@code secrets.json}, for the administrator who just wrote it.
 *
 * @param file        the secrets file
 * @param group       the group meant to share it ({@link ProfileService#SYSTEM_SECRETS_GROUP})
 * @param groupExists whether that group exists on this machine
 * @param shared      true: the file is the group's, group-readable (0640), and its members read it;
 *                    false: the file is its owner's alone (0600)
 */
public record SecretsSharing(Path file, String group, boolean groupExists, boolean shared) {}
