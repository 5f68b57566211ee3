package io.strata.cli;

import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaJsonTest {
    @Test
    void parsesAllFields() {
        TabletSchema s =
                SchemaJson.parse(
                        "{ \"keysType\" : \"AGG_KEYS\", \"columns\" : [\n"
                                + " {\"name\":\"k\",\"type\":\"DECIMAL(15,2)\",\"nullable\":false,\"key\":true},\n"
                                + " {\"name\":\"v\\u0031\",\"type\":\"bigint\",\"aggregation\":\"SUM\",\"bloomFilter\":true}],"
                                + " \"bloomFilterFpp\": 1e-2, \"compression\":\"zstd\"}");
        assertThat(s.keysType()).isEqualTo(KeysType.AGG_KEYS);
        assertThat(s.column(0).type()).isEqualTo(DataType.decimal(15, 2));
        assertThat(s.column(0).nullable()).isFalse();
        assertThat(s.column(1).name()).isEqualTo("v1");
        assertThat(s.column(1).aggregation()).isEqualTo(AggregationType.SUM);
        assertThat(s.column(1).hasBloomFilter()).isTrue();
        assertThat(s.bloomFilterFpp()).isEqualTo(0.01);
    }

    @Test
    void rejectsMalformedJsonWithPosition() {
        assertThatThrownBy(() -> SchemaJson.parse("{\"columns\":[],}"))
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(
                        () ->
                                SchemaJson.parse(
                                        "{\"columns\":[{\"name\":\"k\",\"type\":\"INT\",}]}"))
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> SchemaJson.parse("{\"a\":1,\"a\":2}"))
                .hasMessageContaining("duplicate key");
        assertThatThrownBy(
                        () ->
                                SchemaJson.parse(
                                        "{\"columns\":[{\"name\":\"k\",\"type\":\"INT\",\"key\":true,\"nulable\":false}]}"))
                .hasMessageContaining("unknown field 'nulable'");
        assertThatThrownBy(
                        () ->
                                SchemaJson.parse(
                                        "{\"columns\":[{\"name\":\"k\",\"type\":\"INT\",\"key\":\"yes\"}]}"))
                .hasMessageContaining("'key' must be true or false");
        assertThatThrownBy(() -> SchemaJson.parse("[1, 2")).hasMessageContaining("invalid JSON");
        assertThatThrownBy(
                        () ->
                                SchemaJson.parse(
                                        "{\"keysType\":\"PRIMARY\",\"columns\":[{\"name\":\"k\",\"type\":\"INT\",\"key\":true}]}"))
                .hasMessageContaining("PRIMARY");
    }
}
