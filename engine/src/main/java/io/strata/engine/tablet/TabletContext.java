package io.strata.engine.tablet;

import io.strata.engine.io.FileIO;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.TabletSchema;

/** What writers and readers of a table's tablets share: storage, paths, format, schema. */
public record TabletContext(
        FileIO io, String tablePath, SegmentFormat format, TabletSchema schema, int schemaHash) {}
