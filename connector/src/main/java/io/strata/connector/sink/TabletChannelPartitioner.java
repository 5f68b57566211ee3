package io.strata.connector.sink;

import org.apache.flink.api.common.functions.Partitioner;

/**
 * Maps the routing key of {@link TabletKeySelector} to a writer subtask: {@code key mod n}. The key
 * is {@code bucket + partitionOffset}, so the buckets of one partition land on consecutive subtasks
 * (an even spread) and one tablet always lands on one subtask.
 */
public final class TabletChannelPartitioner implements Partitioner<Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public int partition(Integer key, int numPartitions) {
        return Math.floorMod(key, numPartitions);
    }
}
