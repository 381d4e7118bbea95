package io.lifecycleengine.ingest;

/** How many events of a call were stored, and how many were already known by messageId. */
public record IngestResult(int stored, int duplicates) {
}
