package io.strata.engine.table;

/**
 * Outcome of publishing a transaction: the table version that holds it, and whether the label had
 * already been published before this call (then nothing changed).
 */
public record PublishResult(long version, boolean alreadyPublished) {}
