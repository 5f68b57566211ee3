package io.strata.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a SQL script into statements at top-level semicolons. Quotes ({@code '...'} with {@code
 * ''} escapes, {@code "..."}, {@code `...`}), line comments ({@code --}) and block comments are
 * honoured, so a {@code ;} inside a string never splits. Comments are dropped; empty statements are
 * skipped.
 */
public final class SqlScript {
    private SqlScript() {}

    private static final Pattern SET =
            Pattern.compile("(?is)^SET\\s+'([^']*)'\\s*=\\s*'((?:[^']|'')*)'$");

    /** The statements of a script, trimmed, without the trailing semicolon. */
    public static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    if (script.charAt(j) == c) {
                        if (c == '\'' && j + 1 < n && script.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                if (j >= n) {
                    throw new IllegalArgumentException(
                            "unterminated " + c + " quote starting at offset " + i);
                }
                cur.append(script, i, j + 1);
                i = j + 1;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "unterminated /* comment starting at offset " + i);
                }
                cur.append(' ');
                i = end + 2;
            } else if (c == ';') {
                add(out, cur);
                i++;
            } else {
                cur.append(c);
                i++;
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }

    /** For {@code SET 'key' = 'value'}: {key, value}; otherwise null. */
    public static String[] parseSet(String statement) {
        Matcher m = SET.matcher(statement.trim());
        if (!m.matches()) {
            return null;
        }
        return new String[] {m.group(1), m.group(2).replace("''", "'")};
    }

    /** The first keyword, upper case ("INSERT", "SELECT", ...). */
    public static String keyword(String statement) {
        String s = statement.trim();
        int i = 0;
        while (i < s.length() && (Character.isLetter(s.charAt(i)))) {
            i++;
        }
        return s.substring(0, i).toUpperCase(java.util.Locale.ROOT);
    }
}
