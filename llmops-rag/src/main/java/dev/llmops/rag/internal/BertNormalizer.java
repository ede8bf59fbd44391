package dev.llmops.rag.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HuggingFace's {@code BertNormalizer} and {@code BertPreTokenizer}, keeping for every normalised code point the
 * span of source chars it came from, so that tokens can point back into the source text.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cleanText          drop control chars, map whitespace to a space
 * @param handleChineseChars put spaces around CJK ideographs so that each is a word
 * @param stripAccents       decompose (NFD) and drop non-spacing marks
 * @param lowercase          lower-case each code point (no context, like Rust's {@code char::to_lowercase})
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {

    /**
     * The words of {@code text} after normalisation: whitespace separates words, every punctuation char is a word
     * of its own. Each word carries its normalised code points and their source spans.
     */
    public List<Word> words(String text) {
        Normalized n = normalize(text);
        var words = new ArrayList<Word>();
        int wordStart = -1;
        for (int i = 0; i < n.length; i++) {
            int cp = n.codePoints[i];
            boolean space = isUnicodeWhitespace(cp);
            boolean punct = isPunctuation(cp);
            if (space || punct) {
                if (wordStart >= 0) {
                    words.add(n.word(wordStart, i));
                    wordStart = -1;
                }
                if (punct) {
                    words.add(n.word(i, i + 1));
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
        }
        if (wordStart >= 0) {
            words.add(n.word(wordStart, n.length));
        }
        return words;
    }

    private Normalized normalize(String text) {
        var out = new Normalized(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (cleanText && (cp == 0 || cp == 0xFFFD || isControl(cp))) {
                i = end;
                continue;
            }
            if (cleanText && isWhitespace(cp)) {
                out.add(' ', i, end);
            } else if (handleChineseChars && isChinese(cp)) {
                out.add(' ', i, end);
                out.add(cp, i, end);
                out.add(' ', i, end);
            } else {
                String s = Character.toString(cp);
                if (stripAccents) {
                    s = Normalizer.normalize(s, Normalizer.Form.NFD);
                }
                for (int j = 0; j < s.length(); ) {
                    int c = s.codePointAt(j);
                    j += Character.charCount(c);
                    if (stripAccents && Character.getType(c) == Character.NON_SPACING_MARK) {
                        continue;
                    }
                    if (lowercase) {
                        String lower = Character.toString(c).toLowerCase(Locale.ROOT);
                        for (int k = 0; k < lower.length(); ) {
                            int l = lower.codePointAt(k);
                            out.add(l, i, end);
                            k += Character.charCount(l);
                        }
                    } else {
                        out.add(c, i, end);
                    }
                }
            }
            i = end;
        }
        return out;
    }

    /** Whitespace as HuggingFace counts it: tab, newline, carriage return, and Unicode White_Space. */
    static boolean isWhitespace(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r' || isUnicodeWhitespace(cp);
    }

    private static boolean isUnicodeWhitespace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Control as HuggingFace counts it: Unicode "other" (Cc, Cf, Cn, Co, Cs) except tab, newline, carriage return. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** Punctuation as HuggingFace counts it: ASCII punctuation (symbols included) or a Unicode P* category. */
    static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK ideograph blocks BERT splits into single-char words. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /**
     * A word after normalisation: its text and, for each of its code points, the span of source chars it came from.
     *
     * <p>Immutable and thread-safe (the arrays are never exposed).
     */
    public static final class Word {
        private final String text;
        private final int[] starts;
        private final int[] ends;

        Word(String text, int[] starts, int[] ends) {
            this.text = text;
            this.starts = starts;
            this.ends = ends;
        }

        /** The normalised word. */
        public String text() {
            return text;
        }

        /** The number of code points. */
        public int length() {
            return starts.length;
        }

        /** The source offset of code point {@code i}. */
        public int start(int i) {
            return starts[i];
        }

        /** The source offset after code point {@code i}. */
        public int end(int i) {
            return ends[i];
        }

        @Override
        public String toString() {
            return "Word[" + text + "]";
        }
    }

    /** Normalised code points with their source spans; grows as code points are added. */
    private static final class Normalized {
        int[] codePoints;
        int[] starts;
        int[] ends;
        int length;

        Normalized(int capacity) {
            codePoints = new int[Math.max(capacity, 8)];
            starts = new int[codePoints.length];
            ends = new int[codePoints.length];
        }

        void add(int cp, int start, int end) {
            if (length == codePoints.length) {
                codePoints = Arrays.copyOf(codePoints, length * 2);
                starts = Arrays.copyOf(starts, length * 2);
                ends = Arrays.copyOf(ends, length * 2);
            }
            codePoints[length] = cp;
            starts[length] = start;
            ends[length] = end;
            length++;
        }

        Word word(int from, int to) {
            return new Word(new String(codePoints, from, to - from), Arrays.copyOfRange(starts, from, to),
                    Arrays.copyOfRange(ends, from, to));
        }
    }
}
