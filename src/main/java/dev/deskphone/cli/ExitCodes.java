package dev.deskphone.cli;

/** The process exit codes of {@code deskphone}; listed in every command's {@code --help}. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug): the message names the exception. */
    public static final int SOFTWARE = 1;
    /** The command line was wrong: unknown or missing flag, or a value Deskphone refuses. */
    public static final int USAGE = 2;
    /** A configuration file or directory could not be read, understood or written. */
    public static final int CONFIG = 3;
    /** No running instance to talk to ({@code deskphone status}). */
    public static final int NOT_RUNNING = 4;
    /** The app window cannot open: no graphical display. */
    public static final int NO_DISPLAY = 5;
    /** The backend server could not start or reach its database ({@code deskphone server ...}). */
    public static final int UNAVAILABLE = 6;
    /** The running instance refused what a launch handed it (a sip:/tel: link it could not dial). */
    public static final int REFUSED = 7;
    /**
     * A call command found no call to act on: none in progress, no call with the given id, or the
     * call is not in the state the action needs ({@code deskphone call ...}).
     */
    public static final int NO_SUCH_CALL = 8;

    private ExitCodes() {}
}
