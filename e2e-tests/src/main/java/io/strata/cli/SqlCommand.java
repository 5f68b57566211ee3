package io.strata.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code strata sql -f FILE.sql}: runs a Flink SQL script on an embedded local MiniCluster.
 * Statements run in order; {@code INSERT} and {@code DELETE} wait for their job; queries print
 * their rows as a table (Strata tables are readable through the connector's bounded source).
 * Leading {@code SET 'k' = 'v'} statements configure the environment before it is created (so
 * {@code SET 'execution.runtime-mode' = 'batch'} works); later ones change the table config.
 * Streaming runs checkpoint every 2 s unless the script says otherwise, because the Strata sink
 * commits at checkpoints.
 */
public final class SqlCommand implements Command {
    private static final Set<String> QUERIES =
            Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES");

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("-f") || args[i].equals("--file")) && i + 1 < args.length) {
                file = args[++i];
            } else {
                throw new StrataCli.UsageException(
                        "unknown argument '" + args[i] + "'; usage: strata sql -f FILE.sql");
            }
        }
        if (file == null) {
            throw new StrataCli.UsageException("usage: strata sql -f FILE.sql");
        }
        String script = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return runScript(script, out);
    }

    /** Runs every statement of a script; returns 0 (a failing statement throws). */
    public static int runScript(String script, PrintStream out) throws Exception {
        List<String> statements = SqlScript.split(script);
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "2 s");
        conf.setString("parallelism.default", "2");
        int first = 0;
        while (first < statements.size() && SqlScript.parseSet(statements.get(first)) != null) {
            String[] kv = SqlScript.parseSet(statements.get(first));
            conf.setString(kv[0], kv[1]);
            first++;
        }
        TableEnvironment tEnv =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance().withConfiguration(conf).build());
        for (int i = first; i < statements.size(); i++) {
            String st = statements.get(i);
            String[] kv = SqlScript.parseSet(st);
            if (kv != null) {
                tEnv.getConfig().getConfiguration().setString(kv[0], kv[1]);
                out.println("[SET] " + kv[0] + " = " + kv[1]);
                continue;
            }
            String kw = SqlScript.keyword(st);
            out.println("> " + firstLine(st));
            long t0 = System.nanoTime();
            TableResult r;
            try {
                r = tEnv.executeSql(st);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "statement " + (i + 1) + " failed: " + rootMessage(e), e);
            }
            if (QUERIES.contains(kw)) {
                printTable(r, out);
            } else if (r.getJobClient().isPresent()) {
                try {
                    r.await();
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "statement " + (i + 1) + " failed: " + rootMessage(e), e);
                }
                out.printf(
                        "[%s] job %s finished in %.1f s%n",
                        kw, r.getJobClient().get().getJobID(), (System.nanoTime() - t0) / 1e9);
            } else {
                out.println("[" + kw + "] OK");
            }
        }
        return 0;
    }

    private static void printTable(TableResult r, PrintStream out) throws Exception {
        List<String> header = new ArrayList<>();
        for (Column c : r.getResolvedSchema().getColumns()) {
            header.add(c.getName());
        }
        List<String[]> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = r.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                String[] cells = new String[header.size()];
                for (int i = 0; i < cells.length; i++) {
                    Object v = row.getField(i);
                    cells[i] = v == null ? "NULL" : v.toString();
                }
                rows.add(cells);
            }
        }
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (String[] row : rows) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sep = new StringBuilder("+");
        for (int x : w) {
            sep.append("-".repeat(x + 2)).append('+');
        }
        out.println(sep);
        out.println(line(header.toArray(new String[0]), w));
        out.println(sep);
        for (String[] row : rows) {
            out.println(line(row, w));
        }
        out.println(sep);
        out.println(rows.size() + " row" + (rows.size() == 1 ? "" : "s"));
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ')
                    .append(cells[i])
                    .append(" ".repeat(w[i] - cells[i].length()))
                    .append(" |");
        }
        return sb.toString();
    }

    private static String firstLine(String st) {
        String s = st.replaceAll("\\s+", " ");
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.toString() : msg;
    }
}
