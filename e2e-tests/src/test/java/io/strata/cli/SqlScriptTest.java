package io.strata.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {
    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        String script =
                "-- header; comment\n"
                        + "SET 'execution.runtime-mode' = 'batch';\n"
                        + "CREATE TABLE t (a STRING) WITH ('path' = '/tmp/x;y');  /* ; */\n"
                        + "INSERT INTO t VALUES ('it''s; fine'), (\"q;\");\n"
                        + "SELECT `a;b` FROM t -- trailing; comment\n"
                        + ";;  \n";
        assertThat(SqlScript.split(script))
                .containsExactly(
                        "SET 'execution.runtime-mode' = 'batch'",
                        "CREATE TABLE t (a STRING) WITH ('path' = '/tmp/x;y')",
                        "INSERT INTO t VALUES ('it''s; fine'), (\"q;\")",
                        "SELECT `a;b` FROM t");
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 'abc"))
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1 /* x"))
                .hasMessageContaining("unterminated");
    }

    @Test
    void parsesSetAndKeywords() {
        assertThat(SqlScript.parseSet("SET 'a.b' = 'it''s'")).containsExactly("a.b", "it's");
        assertThat(SqlScript.parseSet("set 'k'='v'")).containsExactly("k", "v");
        assertThat(SqlScript.parseSet("SELECT 1")).isNull();
        assertThat(SqlScript.keyword("  insert into t values (1)")).isEqualTo("INSERT");
        assertThat(SqlScript.keyword("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo("WITH");
    }
}
