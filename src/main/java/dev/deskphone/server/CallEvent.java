package dev.deskphone.server;

/** The four events the app reports for a call, validated and in storage units (epoch ms). */
sealed interface CallEvent {
    String callId();

    /** Metrics label and the word used in messages. */
    String name();

    record Create(
            String id,
            String direction,
            String account,
            String profile,
            String localUri,
            String remoteUri,
            String remoteDisplayName,
            long startedAt)
            implements CallEvent {
        @Override
        public String callId() {
            return id;
        }

        @Override
        public String name() {
            return "created";
        }
    }

    record Answer(String callId, long answeredAt) implements CallEvent {
        @Override
        public String name() {
            return "answered";
        }
    }

    record End(
            String callId,
            long endedAt,
            String reason,
            Integer sipStatus,
            String endedBy,
            Call.Quality quality,
            Call.FarEnd farEnd,
            Call.Transfer transfer)
            implements CallEvent {
        /** An end with nothing from the far end's headers, of a call that was not transferred. */
        End(String callId, long endedAt, String reason, Integer sipStatus, String endedBy, Call.Quality quality) {
            this(callId, endedAt, reason, sipStatus, endedBy, quality, null, null);
        }

        /** What this event says of the end, as the call stores it. */
        Call.Ending ending() {
            return new Call.Ending(endedAt, reason, sipStatus, endedBy, quality, farEnd, transfer);
        }

        @Override
        public String name() {
            return "ended";
        }
    }

    record WrapUp(String callId, long wrapupEndedAt, String disposition, String notes) implements CallEvent {
        /** What this event says of the wrap-up, as the call stores it. */
        Call.WrapUp wrapUp() {
            return new Call.WrapUp(wrapupEndedAt, disposition, notes);
        }

        @Override
        public String name() {
            return "wrapup";
        }
    }
}
