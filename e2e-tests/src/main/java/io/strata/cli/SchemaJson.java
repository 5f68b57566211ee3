package io.strata.cli;

import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.CompressionTypePB;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the schema JSON of the CLI into a {@link TabletSchema}:
 *
 * <pre>{"keysType":"DUP_KEYS","mergeOnWrite":false,"sequenceColumn":null,"compression":"LZ4F",
 *  "bloomFilterFpp":0.05,"columns":[{"name":"k1","type":"INT","nullable":false,"key":true,
 *  "aggregation":"NONE","bloomFilter":false,"bitmapIndex":false}]}</pre>
 *
 * Includes a small strict JSON parser (RFC 8259: no comments, no trailing commas, no duplicate
 * keys); unknown fields are errors, so typos do not pass silently. Errors name the position or the
 * field.
 */
public final class SchemaJson {
    private SchemaJson() {}

    private static final Set<String> TOP =
            Set.of(
                    "keysType",
                    "mergeOnWrite",
                    "sequenceColumn",
                    "columns",
                    "compression",
                    "bloomFilterFpp");
    private static final Set<String> COL =
            Set.of("name", "type", "nullable", "key", "aggregation", "bloomFilter", "bitmapIndex");

    /** Parses schema JSON text. */
    @SuppressWarnings("unchecked")
    public static TabletSchema parse(String json) {
        Object root = new Parser(json).parseDocument();
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException("schema JSON must be an object");
        }
        Map<String, Object> m = (Map<String, Object>) root;
        checkKeys(m, TOP, "schema");
        String kt = string(m, "keysType", "DUP_KEYS", "schema");
        KeysType keysType;
        try {
            keysType = KeysType.valueOf(kt.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "schema: keysType '" + kt + "' is not DUP_KEYS, UNIQUE_KEYS or AGG_KEYS");
        }
        TabletSchema.Builder b = TabletSchema.builder(keysType);
        b.mergeOnWrite(bool(m, "mergeOnWrite", false, "schema"));
        String seq = string(m, "sequenceColumn", null, "schema");
        if (seq != null) {
            b.sequenceColumn(seq);
        }
        String comp = string(m, "compression", null, "schema");
        if (comp != null) {
            b.compression(compression(comp));
        }
        Object fpp = m.get("bloomFilterFpp");
        if (fpp != null) {
            if (!(fpp instanceof Double)) {
                throw new IllegalArgumentException("schema: bloomFilterFpp must be a number");
            }
            b.bloomFilterFpp((Double) fpp);
        }
        Object cols = m.get("columns");
        if (!(cols instanceof List) || ((List<Object>) cols).isEmpty()) {
            throw new IllegalArgumentException("schema: 'columns' must be a non-empty array");
        }
        int i = 0;
        for (Object o : (List<Object>) cols) {
            String where = "column #" + (i + 1);
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            Map<String, Object> c = (Map<String, Object>) o;
            checkKeys(c, COL, where);
            String name = string(c, "name", null, where);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(where + ": 'name' is required");
            }
            where = "column '" + name + "'";
            String type = string(c, "type", null, where);
            if (type == null) {
                throw new IllegalArgumentException(where + ": 'type' is required");
            }
            DataType t;
            try {
                t = DataType.parse(type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            String agg = string(c, "aggregation", "NONE", where);
            AggregationType at;
            try {
                at = AggregationType.valueOf(agg.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown aggregation '" + agg + "'");
            }
            b.column(
                    Column.builder(name, t)
                            .nullable(bool(c, "nullable", true, where))
                            .key(bool(c, "key", false, where))
                            .aggregation(at)
                            .bloomFilter(bool(c, "bloomFilter", false, where))
                            .bitmapIndex(bool(c, "bitmapIndex", false, where))
                            .build());
            i++;
        }
        return b.build();
    }

    static CompressionTypePB compression(String s) {
        switch (s.toUpperCase(Locale.ROOT)) {
            case "LZ4F":
                return CompressionTypePB.LZ4F;
            case "LZ4":
                return CompressionTypePB.LZ4;
            case "ZSTD":
                return CompressionTypePB.ZSTD;
            case "NONE":
            case "NO_COMPRESSION":
                return CompressionTypePB.NO_COMPRESSION;
            default:
                throw new IllegalArgumentException(
                        "unknown compression '" + s + "' (LZ4F, LZ4, ZSTD or NONE)");
        }
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String where) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown field '" + k + "'");
            }
        }
    }

    private static String string(Map<String, Object> m, String k, String dflt, String where) {
        if (!m.containsKey(k) || m.get(k) == null) {
            return dflt;
        }
        Object v = m.get(k);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(where + ": '" + k + "' must be a string");
        }
        return (String) v;
    }

    private static boolean bool(Map<String, Object> m, String k, boolean dflt, String where) {
        if (!m.containsKey(k) || m.get(k) == null) {
            return dflt;
        }
        Object v = m.get(k);
        if (!(v instanceof Boolean)) {
            throw new IllegalArgumentException(where + ": '" + k + "' must be true or false");
        }
        return (Boolean) v;
    }

    /**
     * Strict JSON parser to Java objects: Map (insertion order), List, String, Double, Boolean,
     * null.
     */
    static final class Parser {
        private final String s;
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        Object parseDocument() {
            Object v = value();
            ws();
            if (pos != s.length()) {
                throw error("unexpected trailing characters");
            }
            return v;
        }

        private IllegalArgumentException error(String msg) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < Math.min(pos, s.length()); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            return new IllegalArgumentException(
                    "invalid JSON at line " + line + ", column " + col + ": " + msg);
        }

        private void ws() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        private Object value() {
            ws();
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return str();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return v;
        }

        private Map<String, Object> object() {
            if (++depth > 64) {
                throw error("nesting too deep");
            }
            pos++; // {
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                depth--;
                return m;
            }
            while (true) {
                ws();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("expected a string key");
                }
                String k = str();
                ws();
                expect(':');
                Object v = value();
                if (m.containsKey(k)) {
                    throw error("duplicate key '" + k + "'");
                }
                m.put(k, v);
                ws();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                depth--;
                return m;
            }
        }

        private List<Object> array() {
            if (++depth > 64) {
                throw error("nesting too deep");
            }
            pos++; // [
            List<Object> l = new ArrayList<>();
            ws();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                depth--;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect(']');
                depth--;
                return l;
            }
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private String str() {
            pos++; // opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        b.append(e);
                        break;
                    case 'b':
                        b.append('\b');
                        break;
                    case 'f':
                        b.append('\f');
                        break;
                    case 'n':
                        b.append('\n');
                        break;
                    case 'r':
                        b.append('\r');
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    case 'u':
                        if (pos + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                        break;
                    default:
                        throw error("bad escape '\\" + e + "'");
                }
            }
        }

        private Double number() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == '0') {
                pos++;
            } else {
                digits();
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                digits();
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        private void digits() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a digit");
            }
        }
    }
}
