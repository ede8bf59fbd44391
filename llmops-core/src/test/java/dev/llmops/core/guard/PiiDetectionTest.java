package dev.llmops.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each kind finds and what it leaves alone, through {@link Redaction#redact(String)}. */
class PiiDetectionTest {

    private static String redact(PiiKind kind, String text) {
        return PiiRedactor.builder().kinds(kind).build().newRedaction().redact(text);
    }

    private static String redactAll(String text) {
        return PiiRedactor.builder().build().newRedaction().redact(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana@example.com", "ana.silva+news@mail.example.co.uk", "J_Doe-1@sub-domain.example.org"})
    void findsEmails(String email) {
        assertThat(redact(PiiKind.EMAIL, "write to " + email + ", thanks")).isEqualTo("write to [EMAIL_1], thanks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mention user@ in a handle", "@example.com alone", "user@localhost has no TLD", "a@b"})
    void leavesEmailFragmentsAlone(String text) {
        assertThat(redact(PiiKind.EMAIL, text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 20 7946 0958", "+14155552671", "+1 (415) 555-2671", "+49-30-1234567",
            "(415) 555-2671", "415-555-2671", "415.555.2671", "030 1234567", "01 23 45 67 89", "020 7946 0958"})
    void findsPhoneNumbers(String phone) {
        assertThat(redact(PiiKind.PHONE, "call " + phone + ". Bye")).isEqualTo("call [PHONE_1]. Bye");
    }

    @ParameterizedTest
    @ValueSource(strings = {"released 2024-01-15", "on 15.01.2024", "due 01-02-2024 10", "version 1.2.3",
            "version 10.4.1234", "order 123456789", "order #4815162342", "pi is 3.14159265", "build 0.12.3",
            "score 12-10"})
    void leavesDatesVersionsAndOrderNumbersAlone(String text) {
        assertThat(redact(PiiKind.PHONE, text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "378282246310005",
            "3782 822463 10005", "6011000990139424"})
    void findsLuhnValidCards(String card) {
        assertThat(redact(PiiKind.CARD, "card " + card + " exp 12/29")).isEqualTo("card [CARD_1] exp 12/29");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "4111111111111121", "1234567890123"})
    void leavesLuhnInvalidCardsAlone(String card) {
        assertThat(redact(PiiKind.CARD, "card " + card)).isEqualTo("card " + card);
    }

    @Test
    void findsAValidCardFollowedByAnotherNumberGroup() {
        assertThat(redact(PiiKind.CARD, "card 4111 1111 1111 1111 123")).isEqualTo("card [CARD_1] 123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32",
            "FR14 2004 1010 0505 0001 3M02 606"})
    void findsMod97ValidIbans(String iban) {
        assertThat(redact(PiiKind.IBAN, "pay " + iban + " IS fine")).isEqualTo("pay [IBAN_1] IS fine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 01", "GB82WEST12345698765433", "XX00 1234 5678 9012 34"})
    void leavesIbansWithABadChecksumAlone(String iban) {
        assertThat(redact(PiiKind.IBAN, "pay " + iban)).isEqualTo("pay " + iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "078-05-1120", "665-12-3456", "899-99-9999"})
    void findsValidSsns(String ssn) {
        assertThat(redact(PiiKind.SSN, "ssn " + ssn + ".")).isEqualTo("ssn [SSN_1].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-45-6789", "123-00-4567", "123-45-0000",
            "123-45-67890"})
    void leavesSsnsInInvalidRangesAlone(String ssn) {
        assertThat(redact(PiiKind.SSN, "ssn " + ssn)).isEqualTo("ssn " + ssn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.1", "255.255.255.255", "0.0.0.0"})
    void findsIpv4Addresses(String ip) {
        assertThat(redact(PiiKind.IPV4, "host " + ip + ".")).isEqualTo("host [IPV4_1].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "192.168.01.1"})
    void leavesInvalidIpv4Alone(String text) {
        assertThat(redact(PiiKind.IPV4, "host " + text)).isEqualTo("host " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8:85a3::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1", "::1"})
    void findsIpv6Addresses(String ip) {
        assertThat(redact(PiiKind.IPV6, "host " + ip + " up")).isEqualTo("host [IPV6_1] up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at 10:30:00", "std::map", "1::2::3", "12345::1", "a:b:c"})
    void leavesTimesAndNonAddressesAlone(String text) {
        assertThat(redact(PiiKind.IPV6, text)).isEqualTo(text);
    }

    @Test
    void findsKeyShapedSecretsAndBearerTokens() {
        String text = "key sk-proj-abcdefghijklmnopqrstuvwxyz0123 and Authorization: Bearer abcdefghijklmnop1234567890";

        assertThat(redact(PiiKind.SECRET, text)).isEqualTo("key [SECRET_1] and Authorization: Bearer [SECRET_2]");
    }

    @Test
    void findsRegisteredSecretLiterals() {
        Redaction redaction = PiiRedactor.builder().kinds(PiiKind.SECRET).secretLiterals(java.util.List.of("hunter2-db"))
                .build().newRedaction();

        assertThat(redaction.redact("password hunter2-db")).isEqualTo("password [SECRET_1]");
    }

    @Test
    void numbersPlaceholdersPerKindAndReusesThemForTheSameValue() {
        Redaction redaction = PiiRedactor.builder().build().newRedaction();

        String first = redaction.redact("ana@example.com, bo@example.com, 192.168.1.20");
        String second = redaction.redact("again ana@example.com");

        assertThat(first).isEqualTo("[EMAIL_1], [EMAIL_2], [IPV4_1]");
        assertThat(second).isEqualTo("again [EMAIL_1]");
        assertThat(redaction.counts()).containsEntry("EMAIL", 3).containsEntry("IPV4", 1);
    }

    @Test
    void restoresEveryIssuedPlaceholderAndLeavesOthers() {
        Redaction redaction = PiiRedactor.builder().build().newRedaction();
        String original = "Mail ana@example.com, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00";

        String redacted = redaction.redact(original);

        assertThat(redacted).isEqualTo("Mail [EMAIL_1], card [CARD_1], IBAN [IBAN_1]");
        assertThat(redaction.restore(redacted)).isEqualTo(original);
        assertThat(redaction.restore("[EMAIL_9] and [CARD_1]")).isEqualTo("[EMAIL_9] and 4111 1111 1111 1111");
    }

    @Test
    void redactsEveryKindInOneText() {
        String text = "ana@example.com +44 20 7946 0958 4111111111111111 DE89370400440532013000 123-45-6789 "
                + "10.0.0.1 fe80::1 sk-abcdefghijklmnopqrstuvwxyz";

        assertThat(redactAll(text)).isEqualTo(
                "[EMAIL_1] [PHONE_1] [CARD_1] [IBAN_1] [SSN_1] [IPV4_1] [IPV6_1] [SECRET_1]");
    }

    @Test
    void appliesCustomPatterns() {
        Redaction redaction = PiiRedactor.builder().kinds().pattern("EMPLOYEE_ID", "\\bE-\\d{6}\\b").build().newRedaction();

        assertThat(redaction.redact("ask E-123456 or ana@example.com")).isEqualTo("ask [EMPLOYEE_ID_1] or ana@example.com");
    }
}
