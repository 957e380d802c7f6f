package dev.deskphone.server;

import java.util.regex.Pattern;

/** Makes JDBC URLs safe to print: passwords never reach a log line or an error message. */
final class JdbcUrls {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@]*):[^/@]*@");

    private JdbcUrls() {}

    static String redact(String jdbcUrl) {
        String noParam = PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(noParam).replaceAll("//$1:***@");
    }
}
