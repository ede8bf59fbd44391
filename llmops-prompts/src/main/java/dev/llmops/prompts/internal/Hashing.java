package dev.llmops.prompts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Thread-safe (stateless). */
public final class Hashing {
    private Hashing() {
    }

    /** The SHA-256 digest of the UTF-8 bytes of {@code text}. */
    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    /** {@code sha256:<64 hex digits>} of {@code text}. */
    public static String contentHash(String text) {
        return "sha256:" + HexFormat.of().formatHex(sha256(text));
    }

    /** {@code text} with CRLF and CR line endings turned into LF, so a hash is the same on every platform. */
    public static String normalize(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
