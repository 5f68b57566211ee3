package io.strata.cli;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.read.TextValues;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.TabletSchema;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV (header row naming the columns in any order, quoted fields with doubled
 * quotes, CRLF or LF line ends) into a {@link Block} of a schema, typed per column. An empty
 * unquoted field is NULL; a quoted empty field is the empty string. Missing nullable columns are
 * NULL. Every error names the line, the column and the value.
 */
public final class CsvBlockReader {
    private final Reader in;
    private final TabletSchema schema;
    private int line = 1;
    private int peeked = -2;

    public CsvBlockReader(Reader in, TabletSchema schema) {
        this.in = in;
        this.schema = schema;
    }

    /** Reads all rows. */
    public Block readAll() throws IOException {
        List<String> header = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        int headerLine = line;
        if (!record(header, quoted)) {
            throw new IllegalArgumentException("CSV input is empty: a header row is required");
        }
        int n = schema.numColumns();
        int[] map = new int[header.size()];
        boolean[] present = new boolean[n];
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            int idx = schema.indexOf(name);
            if (idx < 0) {
                throw new IllegalArgumentException(
                        "line " + headerLine + ": header names unknown column '" + name + "'");
            }
            if (present[idx]) {
                throw new IllegalArgumentException(
                        "line "
                                + headerLine
                                + ": column '"
                                + name
                                + "' appears twice in the header");
            }
            present[idx] = true;
            map[i] = idx;
        }
        for (int c = 0; c < n; c++) {
            if (!present[c] && !schema.column(c).nullable()) {
                throw new IllegalArgumentException(
                        "line "
                                + headerLine
                                + ": NOT NULL column '"
                                + schema.column(c).name()
                                + "' is missing from the header");
            }
        }
        Block block = Block.create(schema.columns(), 1024);
        List<String> fields = new ArrayList<>();
        List<Boolean> fq = new ArrayList<>();
        while (true) {
            int recLine = line;
            fields.clear();
            fq.clear();
            if (!record(fields, fq)) {
                break;
            }
            if (fields.size() == 1 && fields.get(0).isEmpty() && !fq.get(0)) {
                continue; // blank line
            }
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException(
                        "line "
                                + recLine
                                + ": "
                                + fields.size()
                                + " fields, header has "
                                + header.size());
            }
            for (int c = 0; c < n; c++) {
                if (!present[c]) {
                    block.vector(c).appendNull();
                }
            }
            for (int i = 0; i < fields.size(); i++) {
                int c = map[i];
                Column col = schema.column(c);
                String f = fields.get(i);
                ColumnVector v = block.vector(c);
                if (f.isEmpty() && !fq.get(i)) {
                    if (!col.nullable()) {
                        throw new IllegalArgumentException(
                                "line "
                                        + recLine
                                        + ", column '"
                                        + col.name()
                                        + "': NULL (empty field) in a NOT NULL column");
                    }
                    v.appendNull();
                    continue;
                }
                DataType t = col.type();
                try {
                    v.appendObject(t, TextValues.parse(t, f));
                } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
                    String msg = String.valueOf(e.getMessage());
                    String where = "line " + recLine + ", column '" + col.name() + "': ";
                    // Value checks usually name the value already; name it only once.
                    throw new IllegalArgumentException(
                            msg.contains(abbreviate(f))
                                    ? where + msg
                                    : where + "value '" + abbreviate(f) + "': " + msg);
                }
            }
        }
        return block;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    /** Reads one record; false at end of input. */
    private boolean record(List<String> out, List<Boolean> quotedOut) throws IOException {
        int c = peek();
        if (c == -1) {
            return false;
        }
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        int startLine = line;
        while (true) {
            c = read();
            if (c == -1) {
                if (quoted && !afterQuote) {
                    throw new IllegalArgumentException(
                            "line " + startLine + ": unterminated quoted field");
                }
                out.add(f.toString());
                quotedOut.add(quoted);
                return true;
            }
            if (quoted && !afterQuote) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        f.append('"');
                    } else {
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    f.append((char) c);
                }
                continue;
            }
            if (c == ',') {
                out.add(f.toString());
                quotedOut.add(quoted);
                f.setLength(0);
                quoted = false;
                afterQuote = false;
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                continue;
            }
            if (c == '\n') {
                line++;
                out.add(f.toString());
                quotedOut.add(quoted);
                return true;
            }
            if (afterQuote) {
                throw new IllegalArgumentException(
                        "line " + line + ": character '" + (char) c + "' after a closing quote");
            }
            if (c == '"') {
                if (f.length() > 0) {
                    throw new IllegalArgumentException(
                            "line " + line + ": quote inside an unquoted field");
                }
                quoted = true;
                continue;
            }
            f.append((char) c);
        }
    }
}
