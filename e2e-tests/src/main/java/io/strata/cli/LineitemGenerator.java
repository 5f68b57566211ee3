package io.strata.cli;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Deterministic TPC-H-lineitem-like rows: row {@code i} is a pure function of {@code i} (splitmix64
 * of the index), so any run, parallelism or restart produces the same multiset of rows. Orders have
 * 4 lines: {@code l_orderkey = i / 4 + 1}, {@code l_linenumber = i % 4 + 1}, so (orderkey,
 * linenumber) is unique.
 */
public final class LineitemGenerator implements GeneratorFunction<Long, Row> {
    private static final long serialVersionUID = 1L;

    /** Column names and Flink SQL types of the generated rows, in order. */
    public static final String[][] COLUMNS = {
        {"l_orderkey", "BIGINT NOT NULL"},
        {"l_partkey", "BIGINT"},
        {"l_suppkey", "BIGINT"},
        {"l_linenumber", "INT NOT NULL"},
        {"l_quantity", "DECIMAL(15, 2)"},
        {"l_extendedprice", "DECIMAL(15, 2)"},
        {"l_discount", "DECIMAL(15, 2)"},
        {"l_tax", "DECIMAL(15, 2)"},
        {"l_returnflag", "CHAR(1)"},
        {"l_linestatus", "CHAR(1)"},
        {"l_shipdate", "DATE"},
        {"l_commitdate", "DATE"},
        {"l_receiptdate", "DATE"},
        {"l_shipinstruct", "VARCHAR(25)"},
        {"l_shipmode", "VARCHAR(10)"},
        {"l_comment", "VARCHAR(44)"}
    };

    private static final String[] FLAGS = {"R", "A", "N"};
    private static final String[] STATUS = {"O", "F"};
    private static final String[] INSTRUCT = {
        "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"
    };
    private static final String[] MODES = {
        "REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"
    };
    private static final String[] WORDS = {
        "furiously", "carefully", "quickly", "blithely", "regular", "express", "final", "ironic",
        "pending", "bold", "deposits", "requests", "accounts", "packages", "theodolites", "foxes"
    };
    private static final long EPOCH_1992 = LocalDate.of(1992, 1, 2).toEpochDay();

    /** The row type of {@link #map}. */
    public static TypeInformation<Row> typeInfo() {
        String[] names = new String[COLUMNS.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = COLUMNS[i][0];
        }
        return Types.ROW_NAMED(
                names,
                Types.LONG,
                Types.LONG,
                Types.LONG,
                Types.INT,
                Types.BIG_DEC,
                Types.BIG_DEC,
                Types.BIG_DEC,
                Types.BIG_DEC,
                Types.STRING,
                Types.STRING,
                Types.LOCAL_DATE,
                Types.LOCAL_DATE,
                Types.LOCAL_DATE,
                Types.STRING,
                Types.STRING,
                Types.STRING);
    }

    /** The Flink SQL column list ("l_orderkey BIGINT NOT NULL, ...") without a key clause. */
    public static String ddlColumns() {
        StringBuilder sb = new StringBuilder();
        for (String[] c : COLUMNS) {
            if (sb.length() > 0) {
                sb.append(",\n  ");
            }
            sb.append(c[0]).append(' ').append(c[1]);
        }
        return sb.toString();
    }

    /** A SELECT list casting each generated column to its DDL type ("CAST(x AS CHAR(1)) AS x"). */
    public static String castSelectList() {
        StringBuilder sb = new StringBuilder();
        for (String[] c : COLUMNS) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            String type = c[1].replace(" NOT NULL", "");
            sb.append("CAST(")
                    .append(c[0])
                    .append(" AS ")
                    .append(type)
                    .append(") AS ")
                    .append(c[0]);
        }
        return sb.toString();
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public Row map(Long index) {
        long i = index;
        long h = mix(i + 0x9e3779b97f4a7c15L);
        long h2 = mix(h);
        int quantity = (int) ((h & 0xffff) % 50) + 1;
        long partkey = ((h >>> 16) & 0xfffff) % 200_000 + 1;
        long suppkey = (partkey + ((h >>> 36) & 3) * 2_500) % 10_000 + 1;
        long priceCents = 90_000 + (partkey % 20_001) * 10;
        long ship = EPOCH_1992 + ((h2 & 0xffff) % 2_526);
        StringBuilder comment = new StringBuilder();
        long w = h2 >>> 16;
        int words = 2 + (int) (w & 3);
        for (int k = 0; k < words; k++) {
            w >>>= 4;
            if (k > 0) {
                comment.append(' ');
            }
            comment.append(WORDS[(int) (w & 15)]);
        }
        if (comment.length() > 44) { // l_comment is VARCHAR(44)
            comment.setLength(44);
        }
        return Row.of(
                i / 4 + 1,
                partkey,
                suppkey,
                (int) (i % 4) + 1,
                BigDecimal.valueOf(quantity * 100L, 2),
                BigDecimal.valueOf(quantity * priceCents, 2),
                BigDecimal.valueOf((h >>> 40) % 11, 2),
                BigDecimal.valueOf((h >>> 48) % 9, 2),
                FLAGS[(int) ((h2 >>> 40) % 3)],
                STATUS[(int) ((h2 >>> 44) & 1)],
                LocalDate.ofEpochDay(ship),
                LocalDate.ofEpochDay(ship + 30 + ((h2 >>> 46) % 61) - 30),
                LocalDate.ofEpochDay(ship + 1 + ((h2 >>> 52) % 30)),
                INSTRUCT[(int) ((h2 >>> 58) & 3)],
                MODES[(int) ((h >>> 56) % 7)],
                comment.toString());
    }
}
