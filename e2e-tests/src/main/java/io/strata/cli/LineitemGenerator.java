package io.strata.cli;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Deterministic TPC-H-lineitem-like rows: row {@code i} is a pure function of {@code i} (splitmix64
 * of the index), so any run, parallelism or restart produces the same multiset of rows. Orders have
 * 4 lines: {@code l_orderkey = i / 4 + 1}, {@code l_linenumber = i % 4 + 1}, so (orderkey,
 * linenumber) is unique.
 *
 * <p>With {@code keys > 0} (the upsert workload) row {@code i} instead gets key {@code k = i mod
 * keys}: {@code l_orderkey = k / 4 + 1}, {@code l_linenumber = k % 4 + 1}, so later rows of a key
 * replace earlier ones and there are exactly {@code min(rows, keys)} distinct keys.
 *
 * <p>This class is the single definition of the values. Two views of one row exist: {@link #map}
 * returns an external {@link Row} (Java objects, {@link #typeInfo()}), {@link #rowData} the Flink
 * internal {@link GenericRowData} of exactly the declared SQL types {@link #rowType()} (string
 * data, {@link DecimalData} of DECIMAL(15, 2), epoch-day ints), which a table source can emit
 * without any planner conversion. Both are built from the same {@link #compute} step.
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

    /** Precision and scale of the four DECIMAL columns. */
    static final int DECIMAL_PRECISION = 15;

    static final int DECIMAL_SCALE = 2;

    /** Maximum length of {@code l_comment} (VARCHAR(44)). */
    static final int COMMENT_MAX = 44;

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
    private static final byte[][] WORD_BYTES = utf8(WORDS);
    // StringData is immutable: one instance per constant is shared by all rows
    private static final StringData[] FLAGS_DATA = stringData(FLAGS);
    private static final StringData[] STATUS_DATA = stringData(STATUS);
    private static final StringData[] INSTRUCT_DATA = stringData(INSTRUCT);
    private static final StringData[] MODES_DATA = stringData(MODES);
    private static final long EPOCH_1992 = LocalDate.of(1992, 1, 2).toEpochDay();

    private final long keys;

    // the values of the row last computed (a generator instance is used by one thread)
    private transient long orderkey;
    private transient long partkey;
    private transient long suppkey;
    private transient int linenumber;
    private transient long quantityCents;
    private transient long extendedCents;
    private transient long discountCents;
    private transient long taxCents;
    private transient int flag;
    private transient int status;
    private transient int shipdate;
    private transient int commitdate;
    private transient int receiptdate;
    private transient int instruct;
    private transient int mode;
    private transient byte[] comment;
    private transient int commentLength;

    /** Unique (l_orderkey, l_linenumber) per row (the append workload). */
    public LineitemGenerator() {
        this(0);
    }

    /**
     * @param keys 0 for a unique key per row; else the number of distinct keys (a multiple of 4
     *     keeps every order at 4 lines), row {@code i} getting key {@code i mod keys}
     */
    public LineitemGenerator(long keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("keys must be >= 0, got " + keys);
        }
        this.keys = keys;
    }

    /** The number of distinct keys, 0 when every row has its own key. */
    public long keys() {
        return keys;
    }

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

    /**
     * The exact SQL row type of {@link #COLUMNS} (and of {@link #rowData}), nullability included.
     */
    public static DataType dataType() {
        return DataTypes.ROW(
                DataTypes.FIELD("l_orderkey", DataTypes.BIGINT().notNull()),
                DataTypes.FIELD("l_partkey", DataTypes.BIGINT()),
                DataTypes.FIELD("l_suppkey", DataTypes.BIGINT()),
                DataTypes.FIELD("l_linenumber", DataTypes.INT().notNull()),
                DataTypes.FIELD("l_quantity", DataTypes.DECIMAL(15, 2)),
                DataTypes.FIELD("l_extendedprice", DataTypes.DECIMAL(15, 2)),
                DataTypes.FIELD("l_discount", DataTypes.DECIMAL(15, 2)),
                DataTypes.FIELD("l_tax", DataTypes.DECIMAL(15, 2)),
                DataTypes.FIELD("l_returnflag", DataTypes.CHAR(1)),
                DataTypes.FIELD("l_linestatus", DataTypes.CHAR(1)),
                DataTypes.FIELD("l_shipdate", DataTypes.DATE()),
                DataTypes.FIELD("l_commitdate", DataTypes.DATE()),
                DataTypes.FIELD("l_receiptdate", DataTypes.DATE()),
                DataTypes.FIELD("l_shipinstruct", DataTypes.VARCHAR(25)),
                DataTypes.FIELD("l_shipmode", DataTypes.VARCHAR(10)),
                DataTypes.FIELD("l_comment", DataTypes.VARCHAR(44)));
    }

    /** The logical type of {@link #dataType()}. */
    public static RowType rowType() {
        return (RowType) dataType().getLogicalType();
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

    /** Computes the values of row {@code i} into this instance's fields. */
    private void compute(long i) {
        long h = mix(i + 0x9e3779b97f4a7c15L);
        long h2 = mix(h);
        long k = keys > 0 ? i % keys : i;
        orderkey = k / 4 + 1;
        linenumber = (int) (k % 4) + 1;
        int quantity = (int) ((h & 0xffff) % 50) + 1;
        partkey = ((h >>> 16) & 0xfffff) % 200_000 + 1;
        suppkey = (partkey + ((h >>> 36) & 3) * 2_500) % 10_000 + 1;
        long priceCents = 90_000 + (partkey % 20_001) * 10;
        quantityCents = quantity * 100L;
        extendedCents = quantity * priceCents;
        discountCents = (h >>> 40) % 11;
        taxCents = (h >>> 48) % 9;
        flag = (int) ((h2 >>> 40) % 3);
        status = (int) ((h2 >>> 44) & 1);
        long ship = EPOCH_1992 + ((h2 & 0xffff) % 2_526);
        shipdate = (int) ship;
        commitdate = (int) (ship + 30 + ((h2 >>> 46) % 61) - 30);
        receiptdate = (int) (ship + 1 + ((h2 >>> 52) % 30));
        instruct = (int) ((h2 >>> 58) & 3);
        mode = (int) ((h >>> 56) % 7);
        // 2-5 words separated by single spaces, cut at VARCHAR(44)
        if (comment == null) {
            comment = new byte[64];
        }
        int n = 0;
        long w = h2 >>> 16;
        int words = 2 + (int) (w & 3);
        for (int j = 0; j < words; j++) {
            w >>>= 4;
            if (j > 0) {
                comment[n++] = ' ';
            }
            byte[] word = WORD_BYTES[(int) (w & 15)];
            System.arraycopy(word, 0, comment, n, word.length);
            n += word.length;
        }
        commentLength = Math.min(n, COMMENT_MAX);
    }

    @Override
    public Row map(Long index) {
        compute(index);
        return Row.of(
                orderkey,
                partkey,
                suppkey,
                linenumber,
                BigDecimal.valueOf(quantityCents, DECIMAL_SCALE),
                BigDecimal.valueOf(extendedCents, DECIMAL_SCALE),
                BigDecimal.valueOf(discountCents, DECIMAL_SCALE),
                BigDecimal.valueOf(taxCents, DECIMAL_SCALE),
                FLAGS[flag],
                STATUS[status],
                LocalDate.ofEpochDay(shipdate),
                LocalDate.ofEpochDay(commitdate),
                LocalDate.ofEpochDay(receiptdate),
                INSTRUCT[instruct],
                MODES[mode],
                new String(comment, 0, commentLength, StandardCharsets.US_ASCII));
    }

    /**
     * Row {@code index} as Flink internal data of exactly {@link #rowType()}: the same values as
     * {@link #map}, with no conversion left for the planner.
     */
    public GenericRowData rowData(long index) {
        compute(index);
        GenericRowData r = new GenericRowData(COLUMNS.length);
        r.setField(0, orderkey);
        r.setField(1, partkey);
        r.setField(2, suppkey);
        r.setField(3, linenumber);
        r.setField(4, decimal(quantityCents));
        r.setField(5, decimal(extendedCents));
        r.setField(6, decimal(discountCents));
        r.setField(7, decimal(taxCents));
        r.setField(8, FLAGS_DATA[flag]);
        r.setField(9, STATUS_DATA[status]);
        r.setField(10, shipdate);
        r.setField(11, commitdate);
        r.setField(12, receiptdate);
        r.setField(13, INSTRUCT_DATA[instruct]);
        r.setField(14, MODES_DATA[mode]);
        r.setField(15, StringData.fromBytes(Arrays.copyOf(comment, commentLength)));
        return r;
    }

    private static DecimalData decimal(long unscaled) {
        return DecimalData.fromUnscaledLong(unscaled, DECIMAL_PRECISION, DECIMAL_SCALE);
    }

    private static byte[][] utf8(String[] words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static StringData[] stringData(String[] values) {
        StringData[] out = new StringData[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = BinaryStringData.fromString(values[i]);
        }
        return out;
    }
}
