package dev.deskphone.server;

/** Report line for one account; averages are null when no call qualified. */
record AccountTotals(String account, long calls, long answered, Double avgTalkMs, Double avgWrapupMs) {
    double answeredRate() {
        return calls == 0 ? 0 : (double) answered / calls;
    }
}
