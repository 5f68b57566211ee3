package io.strata.connector;

/**
 * A record that cannot be stored in the table: a NULL in a NOT NULL column, a value out of the
 * column type's range, a string longer than the column, an unsupported row kind. The message names
 * the column and the value. In strict mode ({@code sink.strict=true}, the default) it fails the
 * job; otherwise the sink drops the record and counts it against {@code sink.max-filter-ratio}.
 */
public class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String column;

    public BadRecordException(String column, String message) {
        super(message);
        this.column = column;
    }

    public BadRecordException(String column, String message, Throwable cause) {
        super(message, cause);
        this.column = column;
    }

    /** The offending column, or null when the whole record is rejected (e.g. its row kind). */
    public String column() {
        return column;
    }
}
