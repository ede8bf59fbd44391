package dev.llmops.core.guard;

/**
 * The kinds of personal or secret data a {@link PiiRedactor} finds. Each kind's {@link #name()} is the label of
 * its placeholders: {@code [EMAIL_1]}, {@code [CARD_2]}.
 *
 * <p>Immutable and thread-safe.
 */
public enum PiiKind {
    /** E-mail addresses with a domain and a top-level domain ({@code user@example.com}; not {@code user@}). */
    EMAIL,
    /**
     * Phone numbers: international ({@code +44 20 7946 0958}, {@code +14155552671}), North American
     * ({@code (415) 555-2671}, {@code 415-555-2671}) and national numbers with a trunk 0 and separators
     * ({@code 030 1234567}, {@code 01 23 45 67 89}). Plain digit runs, dates and versions are not phones.
     */
    PHONE,
    /** Payment card numbers of 13 to 19 digits, plain or grouped by spaces or dashes, passing the Luhn check. */
    CARD,
    /** IBANs, plain or grouped by spaces, passing the ISO 13616 mod-97 check. */
    IBAN,
    /** US social security numbers {@code AAA-GG-SSSS}, except area 000, 666 or 9xx, group 00 or serial 0000. */
    SSN,
    /** IPv4 addresses with every octet in 0-255. */
    IPV4,
    /** IPv6 addresses, full or {@code ::}-compressed (without an embedded IPv4 tail). */
    IPV6,
    /** Key-shaped secrets and bearer tokens, as the secret scrubber used for traces and cassettes finds them. */
    SECRET
}
