package dev.deskphone.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a main class of the test class path in a new JVM. */
public final class JavaProcess {
    private JavaProcess() {}

    public static List<String> command(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        return command(testClassPath(), mainClass, jvmOptions, args);
    }

    /** As {@link #command(Class, List, List)}, with the given class path. */
    public static List<String> command(
            String classPath, Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /** Surefire and failsafe put the real class path here; java.class.path may be a manifest-only jar. */
    public static String testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path");
        return classPath != null && !classPath.isBlank() ? classPath : System.getProperty("java.class.path");
    }
}
