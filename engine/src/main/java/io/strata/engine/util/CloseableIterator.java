package io.strata.engine.util;

import java.io.Closeable;
import java.io.IOException;

/**
 * A pull iterator over resources that must be released: {@link #next()} returns null at the end;
 * {@link #close()} releases files even when the iteration stopped early.
 */
public interface CloseableIterator<T> extends Closeable {
    /** The next element, or null when exhausted. */
    T next() throws IOException;
}
