package io.lifecycleengine.ingest;

/** The service is stopping and takes no more events; the caller should send them again later. */
public class IngestUnavailableException extends RuntimeException {

    IngestUnavailableException() {
        super("The server is shutting down and accepts no events; send them again later");
    }
}
