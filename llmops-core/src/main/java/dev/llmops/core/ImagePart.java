package dev.llmops.core;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image inside a user turn, either at an {@code http(s)} URL or inline as a {@code data:} URL.
 *
 * <p>Immutable and thread-safe.
 *
 * @param url    an {@code https://}, {@code http://} or {@code data:<media type>;base64,...} URL
 * @param detail how closely the model should look (providers that have no such setting ignore it)
 */
public record ImagePart(String url, Detail detail) implements ContentPart {

    /** The resolution at which the model looks at the image (OpenAI's {@code detail}). */
    public enum Detail { AUTO, LOW, HIGH }

    public ImagePart {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(detail, "detail");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:"))) {
            throw new IllegalArgumentException("image url '" + abbreviate(url)
                    + "' is neither http(s) nor a data: URL: pass a URL, or the bytes through ImagePart.ofBytes(bytes, mediaType)");
        }
        if (lower.startsWith("data:") && !lower.contains(";base64,")) {
            throw new IllegalArgumentException("data URL '" + abbreviate(url)
                    + "' is not base64-encoded: use ImagePart.ofBytes(bytes, mediaType)");
        }
    }

    /** An image at a URL, looked at with {@link Detail#AUTO}. */
    public static ImagePart ofUrl(String url) {
        return new ImagePart(url, Detail.AUTO);
    }

    /** An inline image, e.g. {@code ofBytes(png, "image/png")}. */
    public static ImagePart ofBytes(byte[] bytes, String mediaType) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        if (!mediaType.startsWith("image/")) {
            throw new IllegalArgumentException("media type '" + mediaType + "' is not an image type: use image/png, image/jpeg, image/gif or image/webp");
        }
        return new ImagePart("data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes), Detail.AUTO);
    }

    /** This image with another detail level. */
    public ImagePart withDetail(Detail detail) {
        return new ImagePart(url, detail);
    }

    /** Whether the image is inline ({@code data:} URL) rather than at a remote URL. */
    public boolean isInline() {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    /** The media type of an inline image, e.g. {@code image/png}; empty for a remote URL. */
    public Optional<String> mediaType() {
        if (!isInline()) {
            return Optional.empty();
        }
        return Optional.of(url.substring(5, url.indexOf(';')));
    }

    /** The base64 payload of an inline image; empty for a remote URL. */
    public Optional<String> base64Data() {
        if (!isInline()) {
            return Optional.empty();
        }
        return Optional.of(url.substring(url.indexOf(',') + 1));
    }

    @Override
    public String toString() {
        return "ImagePart[url=" + abbreviate(url) + ", detail=" + detail + "]";
    }

    private static String abbreviate(String url) {
        return url.length() <= 64 ? url : url.substring(0, 61) + "...";
    }
}
