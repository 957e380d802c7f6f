package dev.deskphone.server;

/**
 * Who made a request: the token's name and scope. Its checks throw {@link ForbiddenException}
 * with a message naming the token and the account, answered as a 403 (RFC 9110 §15.5.4: the
 * server understood the credentials and refuses the request).
 */
record Caller(String tokenName, TokenScope scope) {

    /** Refuses every write of a token that may only read. */
    void checkMayWrite() {
        if (!scope.writes()) {
            throw new ForbiddenException("The token '" + tokenName + "' has the "
                    + scope.role().label() + " role: it may read calls but not record call events.");
        }
    }

    void checkWrite(String account) {
        checkMayWrite();
        if (!scope.mayWrite(account)) {
            throw new ForbiddenException("The token '" + tokenName + "' may not record calls of account '" + account
                    + "'; it may record accounts " + String.join(", ", scope.accounts()) + ".");
        }
    }

    void checkRead(String account) {
        if (!scope.mayRead(account)) {
            throw new ForbiddenException("The token '" + tokenName + "' may not read calls of account '" + account
                    + "'; it may read accounts " + String.join(", ", scope.accounts()) + ".");
        }
    }
}
