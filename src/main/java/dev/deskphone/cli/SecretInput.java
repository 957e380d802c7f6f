package dev.deskphone.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads passwords from where an admin may safely put them: a file, a no-echo prompt. Never from a
 * command-line value, which every user on the machine can see in the process list.
 */
final class SecretInput {
    private SecretInput() {}

    /** The file's content as UTF-8, without one trailing line break (as {@code echo pw > file} leaves). */
    static char[] readFile(Path file, String flag) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(flag + ": no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new UsageException(flag + ": cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageException(flag + ": cannot read " + file + ": " + e.getMessage());
        }
        try {
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\n') {
                length--;
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new UsageException(flag + ": " + file + " is empty");
            }
            return decode(ByteBuffer.wrap(bytes, 0, length), file, flag);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Asks twice, so a typo does not silently become the stored password. */
    static char[] prompt(PasswordReader reader, String flag, String what) {
        char[] first = reader.read(what + ": ").orElseThrow(() -> noTerminal(flag));
        char[] second = reader.read("Repeat " + what + ": ").orElseThrow(() -> noTerminal(flag));
        try {
            if (!Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                throw new UsageException(flag + ": the two passwords typed differ");
            }
            if (first.length == 0) {
                throw new UsageException(flag + ": the password is empty");
            }
            return first;
        } finally {
            Arrays.fill(second, '\0');
        }
    }

    private static UsageException noTerminal(String flag) {
        return new UsageException(flag + ": no terminal to ask for the password on; use --password-file or "
                + CliEnvironment.SIP_PASSWORD_ENV);
    }

    private static char[] decode(ByteBuffer bytes, Path file, String flag) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            char[] result = new char[chars.remaining()];
            chars.get(result);
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            throw new UsageException(flag + ": " + file + " is not UTF-8 text");
        }
    }
}
