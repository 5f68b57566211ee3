package io.strata.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code bin/strata}. Dispatches the first argument to a command group; each group
 * lives in its own class so that groups evolve independently.
 */
public final class StrataCli {
    /** group name → implementing class (loaded by name so each group owns its dependencies). */
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("segment", "io.strata.cli.SegmentCommand");
        GROUPS.put("table", "io.strata.cli.TableCommand");
        GROUPS.put("load", "io.strata.cli.TableCommand");
        GROUPS.put("delete", "io.strata.cli.TableCommand");
        GROUPS.put("scan", "io.strata.cli.TableCommand");
        GROUPS.put("info", "io.strata.cli.TableCommand");
        GROUPS.put("verify", "io.strata.cli.TableCommand");
        GROUPS.put("clean", "io.strata.cli.TableCommand");
        GROUPS.put("compact", "io.strata.cli.TableCommand");
        GROUPS.put("stats", "io.strata.cli.TableCommand");
        GROUPS.put("quickstart", "io.strata.cli.QuickstartCommand");
        GROUPS.put("sql", "io.strata.cli.SqlCommand");
    }

    private StrataCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit code (used by tests too). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0
                || args[0].equals("-h")
                || args[0].equals("--help")
                || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String cls = GROUPS.get(args[0]);
        if (cls == null) {
            err.println("strata: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        Command cmd;
        try {
            cmd = (Command) Class.forName(cls).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            err.println("strata: command '" + args[0] + "' is not part of this build");
            return 2;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        // Table-level commands (load, scan, ...) keep their own name as the first argument.
        String[] rest =
                cls.endsWith("TableCommand") && !args[0].equals("table")
                        ? args
                        : Arrays.copyOfRange(args, 1, args.length);
        try {
            return cmd.run(rest, out, err);
        } catch (UsageException e) {
            err.println("strata " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println(
                    "strata "
                            + args[0]
                            + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (System.getenv("STRATA_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: strata <command> [args]");
        out.println(
                "  quickstart                         run the exactly-once ingest demo and print what landed");
        out.println(
                "  sql -f FILE.sql                    run a Flink SQL script on a local MiniCluster");
        out.println(
                "  segment write|dump|verify ...      write, inspect or check one segment file");
        out.println(
                "  segment stats FILE...              bytes per column, page and index of segment files");
        out.println("  table create PATH --schema S.json  create a table");
        out.println(
                "  load|delete|scan|info|verify PATH  load CSV, delete by predicate, read, describe, check a table");
        out.println(
                "  clean PATH [--older-than 1h]       expire old versions, remove orphan files");
        out.println("  compact PATH [--full]              compact rowsets (sink.compaction=false)");
        out.println(
                "  compact PATH --flink [--parallelism N] [--full]  the same as a Flink batch job");
        out.println(
                "  stats PATH                         bytes per column and index of a table's live segments");
    }

    /** A usage error: exit code 2 and the message. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
