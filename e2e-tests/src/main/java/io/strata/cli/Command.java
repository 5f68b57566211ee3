package io.strata.cli;

import java.io.PrintStream;

/** One command group of {@code bin/strata} (e.g. {@code segment}, {@code table}). */
public interface Command {
    /**
     * Runs the group with its arguments (the group name removed). Returns the process exit code: 0
     * success, 1 failure the user caused or a check that did not hold, 2 usage error.
     */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
