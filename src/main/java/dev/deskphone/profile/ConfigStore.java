package dev.deskphone.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.deskphone.platform.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One configuration directory: reads and atomically writes its {@code deskphone.json}, {@code
 * secrets.json}, {@code settings.json} and copied CA files. A file it cannot understand is reported,
 * never overwritten.
 */
final class ConfigStore {
    static final String CONFIG_FILE = "deskphone.json";
    static final String SECRETS_FILE = "secrets.json";
    static final String SETTINGS_FILE = "settings.json";
    static final String CA_DIR = "ca";
    private static final String LOCK_FILE = ".deskphone.lock";

    /** Work done while holding the directory's lock. */
    @FunctionalInterface
    interface LockedWork<T> {
        T run() throws IOException;
    }

    private final Path dir;
    private final ConfigScope scope;
    private final String secretsGroup;
    private final Object threadLock = new Object();
    private final ObjectMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    ConfigStore(Path dir, ConfigScope scope) {
        this(dir, scope, null);
    }

    /**
     * @param secretsGroup the group whose members may read {@code secrets.json} (mode 0640), or null
     *                     for a file only its owner reads (0600)
     */
    ConfigStore(Path dir, ConfigScope scope, String secretsGroup) {
        this.dir = dir;
        this.scope = scope;
        this.secretsGroup = secretsGroup;
    }

    Path dir() {
        return dir;
    }

    Path configFile() {
        return dir.resolve(CONFIG_FILE);
    }

    Path secretsFile() {
        return dir.resolve(SECRETS_FILE);
    }

    /** The stored profiles and accounts; empty when the file does not exist yet. */
    StoredConfig readConfig() {
        return read(configFile(), StoredConfig.class, StoredConfig.VERSION, StoredConfig.empty());
    }

    /** The stored passwords; empty when the file does not exist yet. */
    StoredSecrets readSecrets() {
        return read(secretsFile(), StoredSecrets.class, StoredSecrets.VERSION, StoredSecrets.empty());
    }

    Path settingsFile() {
        return dir.resolve(SETTINGS_FILE);
    }

    /** The stored launch settings; empty when the file does not exist yet. */
    StoredSettings readSettings() {
        return read(settingsFile(), StoredSettings.class, StoredSettings.VERSION, StoredSettings.empty());
    }

    void writeSettings(StoredSettings settings) throws IOException {
        write(settingsFile(), settings, AtomicFiles.WORLD_READABLE);
    }

    /**
     * False when secrets exist but this user may not read them: the system file is root's and its
     * group's (0640), and this user is not in the group (or it is root's alone, 0600).
     */
    boolean secretsReadable() {
        return !Files.exists(secretsFile()) || Files.isReadable(secretsFile());
    }

    /** The group named to share {@code secrets.json} with, whether or not it exists; null for none. */
    String secretsGroupName() {
        return secretsGroup;
    }

    /** The group that shares {@code secrets.json}; empty when none is named or it does not exist on this machine. */
    Optional<GroupPrincipal> secretsGroup() {
        if (secretsGroup == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(secretsGroup));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            // No group database to ask (not a POSIX file system): keep the file its owner's alone.
            return Optional.empty();
        }
    }

    void writeConfig(StoredConfig config) throws IOException {
        write(configFile(), config, AtomicFiles.WORLD_READABLE);
    }

    /**
     * Writes the passwords readable by the owner and, when it exists, the sharing group's members
     * (root:deskphone 0640, so agents' apps can use the administrator's TURN password); never by others.
     * Every write sets group and mode again, so a file once left 0600 becomes shared when the group appears.
     */
    void writeSecrets(StoredSecrets secrets) throws IOException {
        Optional<GroupPrincipal> group = secretsGroup();
        if (group.isPresent()) {
            try {
                write(secretsFile(), secrets, AtomicFiles.GROUP_READABLE, group.get());
                return;
            } catch (FileSystemException e) {
                // Only root, or a member of the group, may give a file to it (chown(2)): others keep it
                // their own alone; secretsSharing() then reports it unshared.
            }
        }
        write(secretsFile(), secrets, AtomicFiles.OWNER_ONLY);
    }

    /** Who may read {@code secrets.json} as it is on disk; empty when it does not exist. */
    Optional<SecretsSharing> secretsSharing() throws IOException {
        if (!Files.exists(secretsFile())) {
            return Optional.empty();
        }
        PosixFileAttributes attributes = Files.readAttributes(secretsFile(), PosixFileAttributes.class);
        boolean shared = secretsGroup != null
                && attributes.group().getName().equals(secretsGroup)
                && attributes.permissions().contains(PosixFilePermission.GROUP_READ);
        return Optional.of(
                new SecretsSharing(secretsFile(), secretsGroup, secretsGroup().isPresent(), shared));
    }

    /** Stores the PEM under a content-named file, so a failed update never changes the CA an old profile uses. */
    String writeCaFile(String profileName, String pem, String contentHash) throws IOException {
        Path caDir = dir.resolve(CA_DIR);
        AtomicFiles.createDirectory(caDir, AtomicFiles.PUBLIC_DIR);
        String relative = caPath(profileName, contentHash);
        byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(dir.resolve(relative), AtomicFiles.WORLD_READABLE, out -> out.write(bytes));
        return relative;
    }

    /** Where a profile's copied CA file lives, relative to the directory: named by its content. */
    static String caPath(String profileName, String contentHash) {
        return CA_DIR + "/" + profileName + "-" + contentHash + ".pem";
    }

    /** Deletes copied CA files no profile refers to any more (best effort: leftovers are harmless). */
    void deleteUnusedCaFiles(Set<String> usedRelativePaths) {
        Path caDir = dir.resolve(CA_DIR);
        if (!Files.isDirectory(caDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(caDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem"))
                    .toList()) {
                if (!usedRelativePaths.contains(CA_DIR + "/" + file.getFileName())) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // Leftover CA copies are public certificates, not secrets; the next change retries.
        }
    }

    /**
     * Runs read-modify-write work under an exclusive lock on the directory, so two commands run at
     * once cannot lose each other's change. Creates the directory if needed. Threads of one process
     * queue on this store first: a JVM may hold a file lock only once.
     */
    <T> T withLock(LockedWork<T> work) {
        synchronized (threadLock) {
            return withFileLock(work);
        }
    }

    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    private <T> T withFileLock(LockedWork<T> work) {
        try {
            AtomicFiles.createDirectory(
                    dir, scope == ConfigScope.SYSTEM ? AtomicFiles.PUBLIC_DIR : AtomicFiles.PRIVATE_DIR);
            try (FileChannel channel = FileChannel.open(
                            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return work.run();
            }
        } catch (IOException e) {
            throw new ConfigException("cannot write " + dir + ": " + describe(e) + hintFor(e), e);
        }
    }

    private <T> T read(Path file, Class<T> type, int supportedVersion, T whenMissing) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return whenMissing;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + describe(e), e);
        }
        try {
            JsonNode tree = json.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new ConfigException(file + ": not a Deskphone configuration file (expected a JSON object); "
                        + "it was left unchanged");
            }
            JsonNode version = tree.get("version");
            if (version == null || !version.isInt() || version.intValue() != supportedVersion) {
                throw new ConfigException(file + ": unsupported \"version\" " + version
                        + " (this Deskphone reads version " + supportedVersion + "); it was left unchanged");
            }
            return json.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw new ConfigException(
                    file + ": not valid (" + e.getOriginalMessage() + locationOf(e) + "); it was left unchanged", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + describe(e), e);
        }
    }

    private void write(Path file, Object content, Set<PosixFilePermission> permissions) throws IOException {
        write(file, content, permissions, null);
    }

    private void write(Path file, Object content, Set<PosixFilePermission> permissions, GroupPrincipal group)
            throws IOException {
        byte[] bytes = json.writeValueAsBytes(content);
        AtomicFiles.write(file, permissions, group, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String hintFor(IOException e) {
        return e instanceof AccessDeniedException && scope == ConfigScope.SYSTEM
                ? " (changing system profiles needs root)"
                : "";
    }
}
