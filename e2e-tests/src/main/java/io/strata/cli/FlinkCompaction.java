package io.strata.cli;

import io.strata.connector.StrataCompactionJob;
import io.strata.engine.compaction.TableCompactor;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * {@code bin/strata compact PATH --flink [--parallelism N] [--full]}: runs {@link
 * StrataCompactionJob} (Flink BATCH job, one publish) on an embedded local MiniCluster with {@code
 * N} slots. Kept apart from {@link TableCommand} so that the single-thread path never loads Flink.
 */
final class FlinkCompaction {
    private FlinkCompaction() {}

    static TableCompactor.Summary run(String path, boolean full, int maxRounds, int parallelism)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(RestOptions.BIND_PORT, "0"); // never clash with another local Flink
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        // Local paths become absolute: the job's tasks resolve them through Flink file systems.
        String table = path.contains("://") ? path : Path.of(path).toAbsolutePath().toString();
        return StrataCompactionJob.builder(table)
                .parallelism(parallelism)
                .full(full)
                .maxRounds(maxRounds)
                .build()
                .run(env);
    }
}
