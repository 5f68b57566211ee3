/**
 * In-memory builders and readers of the contents of Doris segment V2 indexes (reference §4): the
 * memcmp-ordered {@link io.strata.engine.segment.index.KeyCoder} and row keys ({@link
 * io.strata.engine.segment.index.KeyEncoding}, {@link
 * io.strata.engine.segment.index.PrimaryKeyEncoding}), zone maps ({@link
 * io.strata.engine.segment.index.ZoneMapBuilder}, {@link io.strata.engine.segment.index.ZoneMap}),
 * block-split bloom filters ({@link io.strata.engine.segment.index.BloomFilterBuilder}, {@link
 * io.strata.engine.segment.index.BloomFilter}), bitmap indexes ({@link
 * io.strata.engine.segment.index.BitmapIndexBuilder}, {@link
 * io.strata.engine.segment.index.BitmapIndexReader}) and the short-key index ({@link
 * io.strata.engine.segment.index.ShortKeyIndexBuilder}, {@link
 * io.strata.engine.segment.index.ShortKeyIndexDecoder}).
 *
 * <p>Nothing here does file I/O: the segment writer stores these contents as pages and
 * IndexedColumns, the segment reader hands stored bytes back. Readers validate what they parse and
 * throw {@link io.strata.engine.segment.CorruptSegmentException} naming the file and offset their
 * caller passes in; pruning answers ({@code mayMatch}, {@code mightContain}, seek bounds) are
 * conservative: they never exclude a row that could match.
 */
package io.strata.engine.segment.index;
