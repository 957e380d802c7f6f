package dev.deskphone.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WholeNumbersTest {
    private static int within(String text) {
        return WholeNumbers.within(
                text,
                10,
                20,
                () -> new IllegalArgumentException("not a number: " + text),
                n -> new IllegalStateException("out of range: " + n));
    }

    @Test
    void aNumberInTheRangeIsItsValueBoundsIncluded() {
        assertThat(within("10")).isEqualTo(10);
        assertThat(within("+15")).isEqualTo(15);
        assertThat(within("20")).isEqualTo(20);
    }

    @Test
    void textThatIsNoWholeNumberGetsTheCallersFirstRefusal() {
        for (String text : new String[] {"", "1.5", "ten", " 12", "99999999999"}) {
            assertThatThrownBy(() -> within(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a number: " + text);
        }
    }

    @Test
    void aNumberOutsideTheRangeGetsTheCallersSecondRefusalWithTheNumber() {
        assertThatThrownBy(() -> within("9"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("out of range: 9");
        assertThatThrownBy(() -> within("21"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("out of range: 21");
    }
}
