package io.lifecycleengine.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifecycleengine.system.InlineJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.webjars.WebJarVersionLocator;

/** Writes a backtest's report as {@code report.json} and a self-contained {@code report.html} with charts. */
@Component
class ReportWriter {

    private final ObjectMapper json;
    private final ITemplateEngine templates;

    ReportWriter(ObjectMapper json, ITemplateEngine templates) {
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.templates = templates;
    }

    void write(BacktestReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        String data = json.writeValueAsString(report);
        Files.writeString(directory.resolve("report.json"), data);
        Context model = new Context(Locale.ROOT);
        model.setVariable("report", report);
        // inlined, so that the file opens anywhere without a server
        model.setVariable("data", InlineJson.forScript(data));
        model.setVariable("chartJs", chartJs());
        Files.writeString(directory.resolve("report.html"), templates.process("backtest-report", model));
    }

    private static String chartJs() throws IOException {
        String path = new WebJarVersionLocator().fullPath("chart.js", "dist/chart.umd.min.js");
        if (path == null) {
            throw new IOException("Chart.js is missing from the classpath");
        }
        try (InputStream in = ReportWriter.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("Chart.js is missing from the classpath at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
