package dev.deskphone.platform;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals that end a process (SIGTERM from systemd, a session manager or {@code kill}; SIGHUP at
 * logout; SIGINT from Ctrl-C) as the process's own, orderly end: the first one calls the owner's stop
 * (which must not block: it is called on the JVM's signal thread), a second one while stopping ends
 * the process at once with 128 + the signal's number.
 *
 * <p>Left to the JVM, these signals only run the shutdown hooks and exit with 128 + the signal: the
 * desktop app's FX thread and page would die under them (no BYE, no un-REGISTER would leave) and the
 * server's exit status would count as a failure. Java has no supported API for this; the JDK's
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, there for exactly this use) is reached by
 * reflection here, in this one class, because a compile-time reference to it draws a javac warning
 * no {@code @SuppressWarnings} can silence, and the build treats warnings as errors (ADR 0014).
 */
public final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    /** What a second signal does while the first one's stop is under way. */
    public enum Again {
        /** {@code System.exit}: shutdown hooks still run (the log is flushed). */
        EXIT,
        /** {@code Runtime.halt}: ends at once, even if a shutdown hook hangs. */
        HALT
    }

    private StopSignals() {}

    /**
     * Routes {@code signals} (names without {@code SIG}, e.g. {@code TERM}) to {@code stop}.
     *
     * @param doing what the first signal starts, for the log ("quitting")
     * @throws IllegalStateException when this JVM cannot handle signals (it lacks {@code jdk.unsupported})
     */
    public static void install(List<String> signals, String doing, Runnable stop, Again again) {
        AtomicBoolean received = new AtomicBoolean();
        Jdk jdk = Jdk.find();
        for (String name : signals) {
            jdk.handle(name, (signalName, number) -> {
                if (received.compareAndSet(false, true)) {
                    log.info("SIG{}: {}", signalName, doing);
                    stop.run();
                } else {
                    log.warn("SIG{} again while {}: exiting now", signalName, doing);
                    if (again == Again.HALT) {
                        Runtime.getRuntime().halt(128 + number);
                    } else {
                        System.exit(128 + number);
                    }
                }
            });
        }
    }

    private interface Handler {
        void handle(String name, int number);
    }

    /** {@code sun.misc.Signal} and {@code sun.misc.SignalHandler}, looked up once per install. */
    private record Jdk(Class<?> signal, Class<?> handlerType, Method handle, Method getName, Method getNumber) {
        static Jdk find() {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                return new Jdk(
                        signal,
                        handlerType,
                        signal.getMethod("handle", signal, handlerType),
                        signal.getMethod("getName"),
                        signal.getMethod("getNumber"));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this Java runtime cannot handle signals (no jdk.unsupported)", e);
            }
        }

        void handle(String name, Handler handler) {
            Object proxy = Proxy.newProxyInstance(
                    handlerType.getClassLoader(), new Class<?>[] {handlerType}, (self, method, args) -> {
                        switch (method.getName()) {
                            case "handle" -> {
                                handler.handle((String) getName.invoke(args[0]), (Integer) getNumber.invoke(args[0]));
                                return null;
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(self);
                            }
                            case "equals" -> {
                                return self == args[0];
                            }
                            default -> {
                                return "StopSignals handler for SIG" + name;
                            }
                        }
                    });
            try {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot handle SIG" + name + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot handle SIG" + name, e);
            }
        }
    }
}
