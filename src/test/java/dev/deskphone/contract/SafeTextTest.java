package dev.deskphone.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    @Test
    void shortTextIsKeptAsItIs() {
        assertThat(SafeText.clip("Bob", 256)).isEqualTo("Bob");
        assertThat(SafeText.clip(null, 256)).isNull();
    }

    @Test
    void longTextIsClippedToTheLimitWithAVisibleMark() {
        String clipped = SafeText.clip("x".repeat(10_000), 256);
        assertThat(codePoints(clipped)).isEqualTo(256);
        assertThat(clipped).isEqualTo("x".repeat(255) + "…");
        assertThat(SafeText.clip("x".repeat(256), 256)).isEqualTo("x".repeat(256));
        assertThat(SafeText.clip("x".repeat(257), 256)).endsWith("…").hasSize(256);
        assertThat(SafeText.clip(clipped, 256))
                .as("clipping twice changes nothing")
                .isEqualTo(clipped);
    }

    @Test
    void markupStaysTextCharacterForCharacter() {
        String markup = "<img src=x onerror=alert(1)>&amp;\"'";
        assertThat(SafeText.clip(markup, 256)).isEqualTo(markup);
    }

    @Test
    void controlCharactersAndLoneSurrogatesBecomeReplacementCharacters() {
        assertThat(SafeText.clip("A\u0000B\nC\rD\tE\u007fF\u0085G\u001b[31m", 256))
                .isEqualTo("A\uFFFDB\uFFFDC\uFFFDD\uFFFDE\uFFFDF\uFFFDG\uFFFD[31m");
        assertThat(SafeText.clip("lone \uD83D high, lone \uDE00 low, end \uD83D", 256))
                .isEqualTo("lone \uFFFD high, lone \uFFFD low, end \uFFFD");
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(SafeText.clip("\uDE00\uD83D", 10)))
                .isTrue();
    }

    @Test
    void rightToLeftTextAndEmojiAreKept() {
        String rtl = "\u202Egnp.exe \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 😀👩‍👩‍👧";
        assertThat(SafeText.clip(rtl, 256)).isEqualTo(rtl);
    }

    @Test
    void anEmojiAtTheLimitIsNeverSplit() {
        // 255 code points then an emoji (a surrogate pair): 256 fits exactly.
        String fits = "x".repeat(255) + "😀";
        assertThat(SafeText.clip(fits, 256)).isEqualTo(fits);
        // One more: the clip falls where the pair is; it is dropped whole, never halved.
        String over = "x".repeat(254) + "😀😀😀";
        String clipped = SafeText.clip(over, 256);
        assertThat(clipped).isEqualTo("x".repeat(254) + "😀…");
        assertThat(codePoints(clipped)).isEqualTo(256);
        String emojiOnly = SafeText.clip("😀".repeat(10_000), 256);
        assertThat(codePoints(emojiOnly)).isEqualTo(256);
        assertThat(emojiOnly
                        .chars()
                        .filter(c -> Character.isSurrogate((char) c))
                        .count())
                .isEqualTo(2 * 255);
        assertThat(SafeText.clean(emojiOnly)).isEqualTo(emojiOnly);
    }

    @Test
    void invalidUtf8AsDecodedFromTheWireIsStoredAsReplacementCharacters() {
        // What the SIP socket hands the page for invalid bytes (SipSockets decodes with String(bytes, UTF_8)).
        byte[] wire = {'B', 'o', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        String decoded = new String(wire, StandardCharsets.UTF_8);
        String safe = SafeText.clip(decoded, 256);
        assertThat(safe).startsWith("Bo\uFFFDb\uFFFD").doesNotContain("\u0000");
        assertThat(new String(safe.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(safe);
    }

    /**
     * Far-end text is clipped up to three times on its way to the records (the page, the app's event
     * parser, the backend): a value clipped once passes every later clip unchanged, its one mark
     * included, and never over the limit.
     */
    @Test
    void aClippedValueClippedAgainIsUnchangedWithOneMark() {
        for (String value : java.util.List.of(
                "x".repeat(10_000),
                "x".repeat(254) + "😀😀😀",
                "😀".repeat(300),
                "\u0000\n" + "y".repeat(300),
                "x".repeat(255) + "……",
                "\u202E" + "z".repeat(300) + "\uD83D")) {
            String once = SafeText.clip(value, 256);
            assertThat(SafeText.clip(once, 256)).as("clip of a clipped value").isEqualTo(once);
            assertThat(codePoints(once)).isEqualTo(256);
            assertThat(once).endsWith("…").doesNotEndWith("……");
        }
        // A URI whose white space the first pass percent-encoded, cut through an escape.
        for (String value : java.util.List.of(
                "sip:" + "a b".repeat(300) + "@pbx.test", "sip:" + "\u3000".repeat(200) + "@pbx.test")) {
            String once = SafeText.uri(value, 512);
            assertThat(SafeText.uri(once, 512)).as("uri of a clipped uri").isEqualTo(once);
            assertThat(SafeText.clip(once, 512)).isEqualTo(once);
            assertThat(codePoints(once)).isEqualTo(512);
            assertThat(once).endsWith("…").doesNotEndWith("……");
        }
        // What the page sends for a 300-character name (test/call-event-limits.test.js) is stored as it is.
        String fromThePage = "x".repeat(255) + "…";
        assertThat(SafeText.clip(fromThePage, CallEventLimits.DISPLAY_NAME)).isEqualTo(fromThePage);
    }

    @Test
    void urisKeepOneTokenAndTheirScheme() {
        assertThat(SafeText.uri("sip:bob@pbx.test", 512)).isEqualTo("sip:bob@pbx.test");
        assertThat(SafeText.uri("sip:bob smith@pbx.test", 512)).isEqualTo("sip:bob%20smith@pbx.test");
        String longUri = SafeText.uri("sip:" + "a".repeat(10_000) + "@pbx.test", 512);
        assertThat(codePoints(longUri)).isEqualTo(512);
        assertThat(longUri).startsWith("sip:aaa").endsWith("…");
        assertThat(SafeText.isCallUri(longUri)).isTrue();
        assertThat(SafeText.isCallUri(SafeText.uri("sip:a\u0000\nb@x", 512))).isTrue();
        assertThat(SafeText.isCallUri("http://x")).isFalse();
    }
}
