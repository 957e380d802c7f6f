package dev.deskphone.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The softphone page as the WebView loads it: the build's {@code web/} files, copied out of the
 * app's jar into a private directory.
 *
 * <p>Why a copy: the page's Content-Security-Policy allows only {@code 'self'}, and WebKit gives a
 * {@code jar:} document an opaque origin that matches no source, so from inside the jar the page's
 * own scripts were refused. A {@code file:} document's {@code 'self'} is its own scheme. The copy
 * carries the SHA-256 of the content it came from: a start whose build has the same page keeps it,
 * any other copy is replaced as a whole (written beside it, then renamed in), so what the WebView
 * shows is always this build's page. A copy also names the jar file it came from (path, size,
 * modification time, inode): a start from that same, unchanged jar keeps the copy without opening
 * the jar or hashing the page again (~0.1 s of a cold start, on the way to the page's first load).
 * The directory is the owner's alone (0700), so no other local user can change what runs with the
 * SIP passwords.
 */
public final class BundledPage {
    private static final Logger log = LoggerFactory.getLogger(BundledPage.class);
    private static final String PAGE_RESOURCE = "/web/index.html";
    /** In the copied {@code web/}: the SHA-256 of the content it was copied from. */
    static final String MARKER = ".content-sha256";
    /** In the copied {@code web/}: the jar file the copy was made from, when it came from one. */
    static final String SOURCE_MARKER = ".source-jar";

    private final URI index;

    private BundledPage(URI index) {
        this.index = index;
    }

    /**
     * Where {@link #install} puts the page in {@code directory}: a WebView can be made for it while
     * the page is being copied, as long as it loads it only once {@code install} has returned.
     */
    public static BundledPage at(Path directory) {
        return new BundledPage(indexIn(directory.resolve("web")));
    }

    /**
     * Copies the bundled {@code web/} directory to {@code directory/web} unless this content is there
     * already (replacing all else that is in {@code directory}, which is the page's alone).
     */
    public static BundledPage install(Path directory) {
        return install(
                Objects.requireNonNull(
                        BundledPage.class.getResource(PAGE_RESOURCE),
                        "the softphone page is missing from the build: " + PAGE_RESOURCE),
                directory);
    }

    /** {@code page}: the build's {@code web/index.html}, in a jar or a directory. */
    static BundledPage install(URL page, Path directory) {
        long started = System.nanoTime();
        try {
            URI source = page.toURI();
            BundledPage installed;
            if ("jar".equals(source.getScheme())) {
                Path jarFile = jarFile(source);
                String jarIdentity = identity(jarFile);
                Path web = directory.resolve("web");
                if (jarIdentity.equals(installedMarker(web, SOURCE_MARKER))
                        && !installedMarker(web, MARKER).isEmpty()) {
                    log.info("Softphone page in {} is from this jar already", directory);
                    installed = new BundledPage(indexIn(web));
                } else {
                    try (FileSystem jar = FileSystems.newFileSystem(source, Map.of())) {
                        installed = copy(jar.getPath(PAGE_RESOURCE).getParent(), directory);
                    }
                    writeMarker(web, SOURCE_MARKER, jarIdentity);
                }
            } else {
                installed = copy(Path.of(source).getParent(), directory);
            }
            log.debug("Softphone page installed in {} ms", (System.nanoTime() - started) / 1_000_000);
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the softphone page to " + directory + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the softphone page has no usable location: " + page, e);
        }
    }

    /** The page's {@code index.html} as a {@code file:} URL. */
    public String url() {
        return index.toString();
    }

    private static BundledPage copy(Path webRoot, Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(webRoot)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        String content = contentHash(webRoot, files);
        Path web = directory.resolve("web");
        if (content.equals(installedMarker(web, MARKER))) {
            log.info("Softphone page in {} is this build's already", directory);
            return new BundledPage(indexIn(web));
        }
        Files.createDirectories(directory);
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        // Everything else in the directory (an older page, a copy a crash left half done) goes.
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.filter(entry -> !entry.equals(web)).toList()) {
                delete(entry);
            }
        }
        // Written beside the page, then swapped in by renames: a start that dies half way leaves
        // either no web/ or one without its marker, and the next start copies again.
        Path fresh = Files.createTempDirectory(directory, ".web-");
        for (Path file : files) {
            Files.copy(file, resolveByName(fresh, webRoot.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
        }
        writeMarker(fresh, MARKER, content);
        if (Files.exists(web, LinkOption.NOFOLLOW_LINKS)) {
            Path old = directory.resolve(fresh.getFileName() + ".old");
            Files.move(web, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(fresh, web, StandardCopyOption.ATOMIC_MOVE);
            delete(old);
        } else {
            Files.move(fresh, web, StandardCopyOption.ATOMIC_MOVE);
        }
        log.info("Softphone page copied to {}", directory);
        return new BundledPage(indexIn(web));
    }

    private static URI indexIn(Path web) {
        return web.resolve("index.html").toUri();
    }

    /** Resolves by name, segment by segment: a jar's paths belong to another file system. */
    private static Path resolveByName(Path root, Path relative) throws IOException {
        Path target = root;
        for (Path part : relative) {
            target = target.resolve(part.toString());
        }
        Files.createDirectories(target.getParent());
        return target;
    }

    /** SHA-256 over every file's relative name and bytes, in name order: the page's content. */
    private static String contentHash(Path webRoot, List<Path> files) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        for (Path file : files) {
            byte[] name = webRoot.relativize(file).toString().getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Files.readAllBytes(file);
            sha256.update(ByteBuffer.allocate(16)
                    .putLong(name.length)
                    .putLong(bytes.length)
                    .flip());
            sha256.update(name);
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** A marker of the installed copy ({@link #MARKER}, {@link #SOURCE_MARKER}); empty when there is none (or no copy). */
    private static String installedMarker(Path web, String marker) {
        try {
            return Files.readString(web.resolve(marker), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Written beside, then renamed in: a marker is whole or absent. */
    private static void writeMarker(Path web, String marker, String value) throws IOException {
        Path written = Files.createTempFile(web, marker, ".new");
        Files.writeString(written, value + "\n", StandardCharsets.UTF_8);
        Files.move(written, web.resolve(marker), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The jar file of a {@code jar:file:...!/entry} URI. */
    private static Path jarFile(URI jarUri) {
        String spec = jarUri.getRawSchemeSpecificPart();
        int separator = spec.indexOf("!/");
        return Path.of(URI.create(separator < 0 ? spec : spec.substring(0, separator)));
    }

    /**
     * The jar file as it is now: a rebuilt, reinstalled or upgraded jar differs in at least one of
     * these (a package upgrade writes a new file, a new inode, with the package's time).
     */
    private static String identity(Path jar) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        return String.join(
                " ",
                jar.toAbsolutePath().toString(),
                Long.toString(attributes.size()),
                Long.toString(attributes.lastModifiedTime().toMillis()),
                String.valueOf(attributes.fileKey()));
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
