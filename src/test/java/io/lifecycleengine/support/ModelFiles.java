package io.lifecycleengine.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of a model on the class path (the models of {@code bpmn/}, or a test's own), for a test to edit and deploy. */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** @param path e.g. {@code /bpmn/user-lifecycle.bpmn} */
    public static String read(String path) {
        try (InputStream in = ModelFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No model " + path + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
