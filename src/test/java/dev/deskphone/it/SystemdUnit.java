package dev.deskphone.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What systemd would run for a service unit, read from its file, for tests on machines where
 * systemd is not PID 1: the {@code [Service]} settings, the environment from its
 * {@code EnvironmentFile=}, and {@code ExecStart=} split into words with variables expanded as
 * systemd.service(5) says ({@code $VAR} alone becomes its whitespace-separated words, {@code ${VAR}}
 * one word).
 */
final class SystemdUnit {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private final Map<String, List<String>> service;

    private SystemdUnit(Map<String, List<String>> service) {
        this.service = service;
    }

    static SystemdUnit read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        String pending = "";
        for (String raw : Files.readAllLines(file)) {
            String line = pending + raw.strip();
            if (line.endsWith("\\")) {
                pending = line.substring(0, line.length() - 1) + " ";
                continue;
            }
            pending = "";
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
            } else if (section.equals("[Service]") && line.contains("=")) {
                int equals = line.indexOf('=');
                service.computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
                        .add(line.substring(equals + 1).strip());
            }
        }
        return new SystemdUnit(service);
    }

    /** The last value of a {@code [Service]} setting, or "" if it is not set. */
    String get(String key) {
        List<String> values = service.getOrDefault(key, List.of());
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    /** The variables of the {@code EnvironmentFile=} ("-" before the path: the file may be missing). */
    Map<String, String> environment() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : service.getOrDefault("EnvironmentFile", List.of())) {
            boolean optional = entry.startsWith("-");
            Path file = Path.of(optional ? entry.substring(1) : entry);
            if (optional && !Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                variables.put(
                        trimmed.substring(0, equals).strip(),
                        unquote(trimmed.substring(equals + 1).strip()));
            }
        }
        return variables;
    }

    /** {@code ExecStart=} as the argument vector systemd would execute with this environment. */
    List<String> execStart(Map<String, String> environment) {
        String line = get("ExecStart").replaceFirst("^[-@:+!]+", "");
        List<String> argv = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            Matcher whole = Pattern.compile("\\$(\\w+)").matcher(word);
            if (whole.matches()) {
                String value = environment.getOrDefault(whole.group(1), "").strip();
                if (!value.isEmpty()) {
                    argv.addAll(List.of(value.split("\\s+")));
                }
                continue;
            }
            Matcher variable = VARIABLE.matcher(word);
            StringBuilder expanded = new StringBuilder();
            while (variable.find()) {
                String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
                variable.appendReplacement(expanded, Matcher.quoteReplacement(environment.getOrDefault(name, "")));
            }
            variable.appendTail(expanded);
            argv.add(expanded.toString());
        }
        return argv;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
