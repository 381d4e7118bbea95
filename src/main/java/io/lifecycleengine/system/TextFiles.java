package io.lifecycleengine.system;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text files read as UTF-8. */
public final class TextFiles {

    private TextFiles() {
    }

    /**
     * The number of the first line that is not UTF-8 (a reader decodes ahead of the line it returns, so its error
     * does not say which), or 0 if every line is.
     */
    public static long firstLineNotUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b == -1) {
                    try {
                        decoder.reset().decode(ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException notUtf8) {
                        return number;
                    }
                    if (b == -1) {
                        return 0;
                    }
                    number++;
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }
}
