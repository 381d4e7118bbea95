package io.lifecycleengine.segment;

import java.util.List;

/** One page of a listing: zero-based page number, page size, total items. */
public record Page<T>(int page, int size, long total, List<T> items) {
}
