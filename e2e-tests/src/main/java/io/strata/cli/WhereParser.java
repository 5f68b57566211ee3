package io.strata.cli;

import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.tablet.LiteralText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the CLI's condition language into predicates (AND of): {@code col op literal} with {@code
 * = != <> < <= > >=}, {@code col [NOT] IN (l1, l2, ...)}, {@code col IS [NOT] NULL}, joined by
 * {@code AND}. Literals are numbers, {@code 'quoted strings'} (doubled quote escapes) or bare
 * words; each is converted to the column's type, and errors name the column and the value.
 */
public final class WhereParser {
    private final String text;
    private final TabletSchema schema;
    private int pos;

    private WhereParser(String text, TabletSchema schema) {
        this.text = text;
        this.schema = schema;
    }

    /** Parses {@code text} against {@code schema}. */
    public static List<ColumnPredicate> parse(String text, TabletSchema schema) {
        return new WhereParser(text, schema).parseAll();
    }

    private List<ColumnPredicate> parseAll() {
        List<ColumnPredicate> out = new ArrayList<>();
        do {
            out.add(condition());
        } while (keyword("AND"));
        skipWs();
        if (pos < text.length()) {
            throw error("unexpected '" + text.substring(pos) + "'");
        }
        return out;
    }

    private ColumnPredicate condition() {
        String name = identifier();
        int idx = schema.indexOf(name);
        if (idx < 0) {
            throw error("no column named '" + name + "'");
        }
        Column col = schema.column(idx);
        if (keyword("IS")) {
            boolean not = keyword("NOT");
            if (!keyword("NULL")) {
                throw error("expected NULL after IS" + (not ? " NOT" : ""));
            }
            return not ? ColumnPredicate.isNotNull(col.name()) : ColumnPredicate.isNull(col.name());
        }
        boolean not = keyword("NOT");
        if (keyword("IN")) {
            expect('(');
            List<Object> vals = new ArrayList<>();
            do {
                vals.add(value(col));
            } while (accept(','));
            expect(')');
            return not
                    ? ColumnPredicate.notIn(col.name(), vals)
                    : ColumnPredicate.in(col.name(), vals);
        }
        if (not) {
            throw error("expected IN after NOT");
        }
        ColumnPredicate.Op op = operator();
        return ColumnPredicate.of(col.name(), op, value(col));
    }

    private ColumnPredicate.Op operator() {
        skipWs();
        String[] ops = {"<=", ">=", "!=", "<>", "=", "<", ">"};
        for (String o : ops) {
            if (text.startsWith(o, pos)) {
                pos += o.length();
                switch (o) {
                    case "<=":
                        return ColumnPredicate.Op.LE;
                    case ">=":
                        return ColumnPredicate.Op.GE;
                    case "!=":
                    case "<>":
                        return ColumnPredicate.Op.NE;
                    case "=":
                        return ColumnPredicate.Op.EQ;
                    case "<":
                        return ColumnPredicate.Op.LT;
                    default:
                        return ColumnPredicate.Op.GT;
                }
            }
        }
        throw error("expected an operator (= != < <= > >= IN IS)");
    }

    private Object value(Column col) {
        skipWs();
        String lit;
        if (accept('\'')) {
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string literal");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (pos < text.length() && text.charAt(pos) == '\'') {
                        b.append('\'');
                        pos++;
                    } else {
                        break;
                    }
                } else {
                    b.append(c);
                }
            }
            lit = b.toString();
        } else {
            int start = pos;
            while (pos < text.length()
                    && !Character.isWhitespace(text.charAt(pos))
                    && text.charAt(pos) != ','
                    && text.charAt(pos) != ')') {
                pos++;
            }
            if (start == pos) {
                throw error("expected a value");
            }
            lit = text.substring(start, pos);
        }
        try {
            return LiteralText.parse(col.type(), lit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column '" + col.name() + "': " + e.getMessage(), e);
        }
    }

    private String identifier() {
        skipWs();
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a column name");
        }
        return text.substring(start, pos);
    }

    private boolean keyword(String kw) {
        skipWs();
        int end = pos + kw.length();
        if (end <= text.length()
                && text.substring(pos, end).toUpperCase(Locale.ROOT).equals(kw)
                && (end == text.length()
                        || !(Character.isLetterOrDigit(text.charAt(end))
                                || text.charAt(end) == '_'))) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean accept(char c) {
        skipWs();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipWs() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String msg) {
        return new IllegalArgumentException(
                "--where at position " + (pos + 1) + ": " + msg + " in \"" + text + "\"");
    }
}
