package dev.deskphone.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
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
 * own scripts were refused. A {@code file:} document's {@code 'self'} is its own scheme. The
 * directory is emptied and refilled at every start, so what the WebView shows is always this build's
 * page, and it is the owner's alone (0700), so no other local user can change what runs with the
 * SIP passwords.
 */
public final class BundledPage {
    private static final Logger log = LoggerFactory.getLogger(BundledPage.class);
    private static final String PAGE_RESOURCE = "/web/index.html";

    private final URI index;

    private BundledPage(URI index) {
        this.index = index;
    }

    /**
     * Copies the bundled {@code web/} directory to {@code directory/web} (replacing all that is in
     * {@code directory}, which is the page's alone).
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
                try (FileSystem jar = FileSystems.newFileSystem(source, Map.of())) {
                    installed = copy(jar.getPath(PAGE_RESOURCE).getParent(), directory);
                }
            } else {
                installed = copy(Path.of(source).getParent(), directory);
            }
            log.info("Softphone page copied to {} in {} ms", directory, (System.nanoTime() - started) / 1_000_000);
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
        clear(directory);
        Files.createDirectories(directory);
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        Path web = directory.resolve("web");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(webRoot)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            // Resolve by name, segment by segment: a jar's paths belong to another file system.
            Path target = web;
            for (Path part : webRoot.relativize(file)) {
                target = target.resolve(part.toString());
            }
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new BundledPage(web.resolve("index.html").toUri());
    }

    private static void clear(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
