package dev.llmops.core.guard;

import dev.llmops.core.internal.SecretScrubber;
import java.util.regex.Pattern;

/**
 * The built-in detectors, one per {@link PiiKind}, with their validators.
 *
 * <p>Immutable and thread-safe (stateless).
 */
final class PiiPatterns {
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    /** Not after a word character, plus, dot, dash or slash; not before a word character or a separator and digit. */
    private static final String PHONE_START = "(?<![\\w+.\\-/])";
    private static final String PHONE_END = "(?![\\w]|[.\\-/]\\d)";
    private static final Pattern PHONE = Pattern.compile(PHONE_START + "(?:"
            // international: + country code, then digit groups with optional separators and one bracketed group
            + "\\+[1-9]\\d{0,3}(?:[ .-]?(?:\\(\\d{1,4}\\)|\\d{1,6})){1,6}"
            // North American: (415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671
            + "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}"
            + "|\\d{3}([ .-])\\d{3}\\1\\d{4}"
            // national with a trunk 0 and one kind of separator: 030 1234567, 01 23 45 67 89, 06-12345678
            + "|0\\d{1,4}([ -])\\d{2,8}(?:\\2\\d{2,8}){0,3}"
            + ")" + PHONE_END);
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,2}[-/. ]\\d{1,2}[-/. ](?:19|20)\\d{2}");

    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:"
            + "\\d{13,19}"
            + "|\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{1,3})?"
            + "|\\d{4}([ -])\\d{6}\\2\\d{4,5}"
            + ")(?!\\d)");

    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");

    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\d-])");

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\d|\\.\\d)");

    private static final Pattern IPV6 = Pattern.compile(
            "(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])");

    private PiiPatterns() {
    }

    static Detector detector(PiiKind kind, SecretScrubber scrubber) {
        String label = kind.name();
        // Each detector first asks whether its values can occur in the text at all: what every valid match
        // needs (an '@'; as many digits as the validator demands; the separators the pattern requires).
        return switch (kind) {
            case EMAIL -> Detector.pattern(label, EMAIL, Detector.Traits::at, s -> true);
            case PHONE -> Detector.pattern(label, PHONE, t -> t.digits() >= 8, PiiPatterns::isPhone);
            case CARD -> Detector.pattern(label, CARD, t -> t.digits() >= 13, PiiPatterns::isCard);
            case IBAN -> Detector.pattern(label, IBAN, Detector.Traits::ibanStart, PiiPatterns::isIban);
            case SSN -> Detector.pattern(label, SSN, t -> t.digits() >= 9 && t.dash(), PiiPatterns::isSsn);
            case IPV4 -> Detector.pattern(label, IPV4, t -> t.digits() >= 4 && t.dots() >= 3, s -> true);
            case IPV6 -> Detector.pattern(label, IPV6, t -> t.colons() >= 2, PiiPatterns::isIpv6);
            case SECRET -> Detector.secrets(scrubber);
        };
    }

    static boolean isPhone(String candidate) {
        if (!PHONE.matcher(candidate).matches() || DATE_LIKE.matcher(candidate).find()) {
            return false;
        }
        int digits = digits(candidate).length();
        return candidate.startsWith("+") ? digits >= 8 && digits <= 15 : digits >= 9 && digits <= 13;
    }

    static boolean isCard(String candidate) {
        String digits = digits(candidate);
        return digits.length() >= 13 && digits.length() <= 19 && luhn(digits);
    }

    /** The Luhn check: doubling every second digit from the right, the digit sum is a multiple of 10. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: 15 to 34 characters, and the rearranged number with letters as 10..35 is 1 modulo 97. */
    static boolean isIban(String candidate) {
        String iban = candidate.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    static boolean isSsn(String candidate) {
        var m = SSN.matcher(candidate);
        if (!m.matches()) {
            return false;
        }
        String area = m.group(1);
        return !area.equals("000") && !area.equals("666") && area.charAt(0) != '9'
                && !m.group(2).equals("00") && !m.group(3).equals("0000");
    }

    /** Eight groups of 1-4 hex digits, or fewer with exactly one {@code ::} standing for the missing ones. */
    static boolean isIpv6(String candidate) {
        int compressed = candidate.indexOf("::");
        if (compressed >= 0 && candidate.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        if (compressed < 0) {
            return groups(candidate) == 8;
        }
        String head = candidate.substring(0, compressed);
        String tail = candidate.substring(compressed + 2);
        int headGroups = head.isEmpty() ? 0 : groups(head);
        int tailGroups = tail.isEmpty() ? 0 : groups(tail);
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
    }

    /** The number of colon-separated groups of 1-4 hex digits, or -1 when one is empty or too long. */
    private static int groups(String part) {
        String[] groups = part.split(":", -1);
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4) {
                return -1;
            }
        }
        return groups.length;
    }

    private static String digits(String text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
