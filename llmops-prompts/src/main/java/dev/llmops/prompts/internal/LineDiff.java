package dev.llmops.prompts.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (longest common subsequence), with 2 lines of context.
 *
 * <p>Thread-safe (stateless).
 */
public final class LineDiff {
    private static final int CONTEXT = 2;

    private LineDiff() {
    }

    /** The diff from {@code a} to {@code b}, with {@code ---}/{@code +++} headers; empty when they are equal. */
    public static String unified(String aName, String a, String bName, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int n = x.length;
        int m = y.length;
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // ops: ' ' keep, '-' delete, '+' insert; with the line numbers in a and b
        List<char[]> ops = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x[i].equals(y[j])) {
                ops.add(new char[] {' '});
                lines.add(x[i]);
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                lines.add(x[i++]);
            } else {
                ops.add(new char[] {'+'});
                lines.add(y[j++]);
            }
        }
        StringBuilder out = new StringBuilder();
        int k = 0;
        int aLine = 1;
        int bLine = 1;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                aLine++;
                bLine++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int hunkA = aLine - (k - start);
            int hunkB = bLine - (k - start);
            int end = k;
            int lastChange = k;
            while (end < ops.size() && (ops.get(end)[0] != ' ' || end - lastChange <= 2 * CONTEXT)) {
                if (ops.get(end)[0] != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int countA = 0;
            int countB = 0;
            StringBuilder hunk = new StringBuilder();
            for (int t = start; t < end; t++) {
                char op = ops.get(t)[0];
                hunk.append(op).append(lines.get(t)).append('\n');
                if (op != '+') {
                    countA++;
                }
                if (op != '-') {
                    countB++;
                }
            }
            if (out.isEmpty()) {
                out.append("--- ").append(aName).append('\n').append("+++ ").append(bName).append('\n');
            }
            out.append("@@ -").append(hunkA).append(',').append(countA).append(" +").append(hunkB).append(',')
                    .append(countB).append(" @@\n").append(hunk);
            for (int t = k; t < end; t++) {
                char op = ops.get(t)[0];
                if (op != '+') {
                    aLine++;
                }
                if (op != '-') {
                    bLine++;
                }
            }
            k = end;
        }
        return out.toString();
    }
}
