package dev.deskphone.media;

import static dev.deskphone.media.MediaDirection.INACTIVE;
import static dev.deskphone.media.MediaDirection.RECVONLY;
import static dev.deskphone.media.MediaDirection.SENDONLY;
import static dev.deskphone.media.MediaDirection.SENDRECV;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3264 sections 6.1 and 8.4, row by row. */
class HoldDirectionsTest {
    @ParameterizedTest(name = "offer: current {0}, hold {1} -> {2}")
    @CsvSource({
        "SENDRECV, true,  SENDONLY",
        "SENDRECV, false, SENDRECV",
        "SENDONLY, true,  SENDONLY",
        "SENDONLY, false, SENDRECV",
        "RECVONLY, true,  INACTIVE",
        "RECVONLY, false, RECVONLY",
        "INACTIVE, true,  INACTIVE",
        "INACTIVE, false, RECVONLY",
    })
    void offerDirection(MediaDirection current, boolean hold, MediaDirection expected) {
        assertThat(HoldDirections.forOffer(current, hold)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "answer: offered {0}, hold {1} -> {2}")
    @CsvSource({
        "SENDRECV, false, SENDRECV",
        "SENDRECV, true,  SENDONLY",
        "SENDONLY, false, RECVONLY",
        "SENDONLY, true,  INACTIVE",
        "RECVONLY, false, SENDONLY",
        "RECVONLY, true,  INACTIVE",
        "INACTIVE, false, INACTIVE",
        "INACTIVE, true,  INACTIVE",
    })
    void answerDirection(MediaDirection offered, boolean hold, MediaDirection expected) {
        assertThat(HoldDirections.forAnswer(offered, hold)).isEqualTo(expected);
    }

    @Test
    void anAnswerNeverReceivesWhatTheOfferDoesNotSendNorSendsWhatItDoesNotReceive() {
        for (MediaDirection offered : MediaDirection.values()) {
            for (boolean hold : new boolean[] {true, false}) {
                MediaDirection answer = HoldDirections.forAnswer(offered, hold);
                assertThat(!answer.receives() || offered.sends())
                        .as("%s/%s", offered, hold)
                        .isTrue();
                assertThat(!answer.sends() || offered.receives())
                        .as("%s/%s", offered, hold)
                        .isTrue();
                assertThat(!hold || !answer.receives())
                        .as("held answer receives: %s", offered)
                        .isTrue();
            }
        }
    }

    @Test
    void directionsReverseForTheOtherSide() {
        assertThat(SENDONLY.reversed()).isEqualTo(RECVONLY);
        assertThat(RECVONLY.reversed()).isEqualTo(SENDONLY);
        assertThat(SENDRECV.reversed()).isEqualTo(SENDRECV);
        assertThat(INACTIVE.reversed()).isEqualTo(INACTIVE);
    }
}
