package dev.deskphone.state;

/** Where the window was and how big, in screen coordinates; {@code maximized} restores that too. */
public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {}
