package dev.deskphone.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page is loaded from a private file: copy of the build's web/ files, whether they are in a jar or not. */
class BundledPageTest {
    @TempDir
    Path temp;

    @Test
    void thePageInTheAppJarIsCopiedOutWithItsFilesAsAFileUrl() throws Exception {
        Path jar = temp.resolve("deskphone.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "web/index.html", "<html>the page</html>");
            put(out, "web/js/app.js", "// the script");
            put(out, "web/css/deskphone.css", "body {}");
            put(out, "dev/deskphone/Other.class", "not the page");
        }
        Path directory = temp.resolve("page");

        BundledPage page = BundledPage.install(new URL("jar:" + jar.toUri() + "!/web/index.html"), directory);

        URI url = URI.create(page.url());
        assertThat(url.getScheme()).isEqualTo("file");
        assertThat(Path.of(url)).isEqualTo(directory.resolve("web/index.html"));
        assertThat(Files.readString(directory.resolve("web/index.html"))).isEqualTo("<html>the page</html>");
        assertThat(Files.readString(directory.resolve("web/js/app.js"))).isEqualTo("// the script");
        assertThat(Files.readString(directory.resolve("web/css/deskphone.css"))).isEqualTo("body {}");
        assertThat(directory.resolve("dev")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rwx------");
    }

    @Test
    void eachStartReplacesWhatWasThereWithThisBuildsPage() throws Exception {
        Path directory = temp.resolve("page");
        Files.createDirectories(directory.resolve("web/js"));
        Files.writeString(directory.resolve("web/js/stale.js"), "an old build's script");
        Files.writeString(directory.resolve("web/index.html"), "<script>changed</script>");

        BundledPage page = BundledPage.install(directory);

        assertThat(directory.resolve("web/js/stale.js")).doesNotExist();
        String copied = Files.readString(Path.of(URI.create(page.url())));
        try (var original = BundledPage.class.getResourceAsStream("/web/index.html")) {
            assertThat(copied).isEqualTo(new String(original.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(directory.resolve("web/js/app.js")).exists();
    }

    @Test
    void aStartWithTheSamePageKeepsTheCopyAndAChangedPageReplacesItWhole() throws Exception {
        Path directory = temp.resolve("page");
        URL first = jarWith("first", "<html>one</html>", "// one");
        BundledPage.install(first, directory);
        Path index = directory.resolve("web/index.html");
        FileTime untouched = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(index, untouched);

        BundledPage.install(first, directory);
        assertThat(Files.getLastModifiedTime(index)).as("not copied again").isEqualTo(untouched);

        BundledPage.install(jarWith("second", "<html>two</html>", "// two"), directory);
        assertThat(Files.readString(index)).isEqualTo("<html>two</html>");
        assertThat(Files.readString(directory.resolve("web/js/app.js"))).isEqualTo("// two");
        try (Stream<Path> entries = Files.list(directory)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("web");
        }
    }

    @Test
    void aStartFromTheSameUnchangedJarKeepsTheCopyWithoutReadingThePageAgain() throws Exception {
        Path directory = temp.resolve("page");
        URL jar = jarWith("app", "<html>one</html>", "// one");
        BundledPage.install(jar, directory);
        Path index = directory.resolve("web/index.html");
        FileTime untouched = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(index, untouched);
        // A content hash that no longer matches: only a start that hashed the page again would notice.
        Files.writeString(directory.resolve("web/" + BundledPage.MARKER), "0".repeat(64) + "\n");

        BundledPage.install(jar, directory);

        assertThat(Files.getLastModifiedTime(index)).as("not copied again").isEqualTo(untouched);
        assertThat(Files.readString(directory.resolve("web/" + BundledPage.SOURCE_MARKER)))
                .contains(temp.resolve("app.jar").toString());
    }

    @Test
    void aJarReplacedInPlaceByAnotherBuildIsCopiedAgain() throws Exception {
        Path directory = temp.resolve("page");
        URL jar = jarWith("app", "<html>one</html>", "// one");
        BundledPage.install(jar, directory);
        Files.setLastModifiedTime(temp.resolve("app.jar"), FileTime.fromMillis(1_000_000_000_000L));
        BundledPage.install(jar, directory);

        // The same path, another build (an upgrade): written afresh, with another time.
        jarWith("next", "<html>two</html>", "// two");
        Files.move(temp.resolve("next.jar"), temp.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
        BundledPage.install(jar, directory);

        assertThat(Files.readString(directory.resolve("web/index.html"))).isEqualTo("<html>two</html>");
        assertThat(Files.readString(directory.resolve("web/js/app.js"))).isEqualTo("// two");
    }

    @Test
    void aCopyThatACrashLeftHalfDoneIsDoneAgain() throws Exception {
        Path directory = temp.resolve("page");
        URL page = jarWith("page", "<html>whole</html>", "// whole");
        // A start that died while copying: the new copy beside the page, the page without its marker.
        Files.createDirectories(directory.resolve(".web-123/js"));
        Files.writeString(directory.resolve(".web-123/index.html"), "<html>half</html>");
        Files.createDirectories(directory.resolve("web"));
        Files.writeString(directory.resolve("web/index.html"), "<html>half</html>");

        BundledPage.install(page, directory);

        assertThat(Files.readString(directory.resolve("web/index.html"))).isEqualTo("<html>whole</html>");
        assertThat(directory.resolve("web/js/app.js")).exists();
        assertThat(directory.resolve(".web-123")).doesNotExist();
        assertThat(directory.resolve("web/" + BundledPage.MARKER)).exists();
    }

    private URL jarWith(String name, String index, String script) throws Exception {
        Path jar = temp.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "web/index.html", index);
            put(out, "web/js/app.js", script);
        }
        return new URL("jar:" + jar.toUri() + "!/web/index.html");
    }

    private static void put(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream body = out;
        body.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
