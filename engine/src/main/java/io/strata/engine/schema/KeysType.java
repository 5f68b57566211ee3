package io.strata.engine.schema;

/** Doris data models; numbers match {@code KeysType} in olap_file.proto. */
public enum KeysType {
    DUP_KEYS,
    UNIQUE_KEYS,
    AGG_KEYS
}
