package io.lifecycleengine.backtest;

import io.lifecycleengine.ingest.CsvLine;
import io.lifecycleengine.ingest.IsoDateTimes;
import io.lifecycleengine.system.TextFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Outcomes to score the journey against, from a CSV {@code userId,label,at} (at: an ISO date-time or date); further columns
 * (a note, an export's own) are left aside.
 */
record Labels(List<Label> labels) {

    record Label(String userId, String label, Instant at) {
    }

    static Labels read(Path file) throws IOException {
        List<Label> labels = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                // Excel and Notepad begin a UTF-8 file with U+FEFF, which is no part of its first line
                header = header.substring(1);
            }
            List<String> columns = header == null ? List.of() : CsvLine.split(header);
            if (columns.size() < 3 || !columns.subList(0, 3).equals(List.of("userId", "label", "at"))) {
                throw new IllegalArgumentException(file + ": a labels file starts with the columns userId,label,at");
            }
            String line;
            long number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = CsvLine.split(line);
                if (cells.size() < 3) {
                    throw new IllegalArgumentException(file + " line " + number + ": expected userId,label,at");
                }
                labels.add(new Label(cells.get(0), cells.get(1), instant(cells.get(2), file + " line " + number)));
            }
        } catch (CharacterCodingException notUtf8) {
            throw new IllegalArgumentException(file + " line " + TextFiles.firstLineNotUtf8(file)
                    + ": not UTF-8 text; save the file as UTF-8");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(file + ": no labels under its header; a labels file has a line userId,label,at per label");
        }
        return new Labels(List.copyOf(labels));
    }

    /** A date is its start (UTC); a date-time is read as the intake reads an event's (no offset: UTC). */
    static Instant instant(String text, String where) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC) : IsoDateTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is neither an ISO date nor an ISO instant");
        }
    }
}
