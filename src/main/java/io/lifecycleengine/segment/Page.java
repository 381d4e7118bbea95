package io.lifecycleengine.segment;

import java.util.List;

/**
 * One page of a listing: zero-based page number (null for a page read after a cursor), page size, total items, and the
 * cursor of the page after it (null on the last page).
 */
public record Page<T>(Integer page, int size, long total, List<T> items, String next) {
}
