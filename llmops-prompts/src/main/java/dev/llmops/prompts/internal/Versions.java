package dev.llmops.prompts.internal;

import java.util.Comparator;

/**
 * Orders versions as people expect: dot- or dash-separated parts, numeric parts by value ({@code 2 < 10},
 * {@code 1.2 < 1.10}), other parts as text.
 *
 * <p>Thread-safe (stateless).
 */
public final class Versions {
    /** The order of versions, oldest first. */
    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {
    }

    private static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].chars().allMatch(Character::isDigit) && !x[i].isEmpty();
            boolean ny = y[i].chars().allMatch(Character::isDigit) && !y[i].isEmpty();
            int c;
            if (nx && ny) {
                c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            } else if (nx != ny) {
                c = nx ? 1 : -1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(x.length, y.length);
        return c != 0 ? c : a.compareTo(b);
    }
}
