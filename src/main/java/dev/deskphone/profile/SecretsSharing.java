package dev.deskphone.profile;

import java.nio.file.Path;

/**
 * Who may read the system {@code secrets.json}, for the administrator who just wrote it.
 *
 * @param file        the secrets file
 * @param group       the group meant to share it ({@link ProfileService#SYSTEM_SECRETS_GROUP})
 * @param groupExists true: the file is root:group, mode 0640, and the group's members read it;
 *                    false: the group is missing, the file is root's alone (0600)
 */
public record SecretsSharing(Path file, String group, boolean groupExists) {}
