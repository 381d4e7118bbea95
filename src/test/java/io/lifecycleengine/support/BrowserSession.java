package io.lifecycleengine.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's headless Chromium driven by its chromedriver over WebDriver (plain HTTP, no client library), for what
 * {@link Chromium#dumpDom} cannot tell: what a page's charts drew, evaluated in the page after its scripts ran.
 */
public final class BrowserSession implements AutoCloseable {

    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final Path profile;
    private final String session;

    private BrowserSession(Process driver, Path profile, String base) throws IOException, InterruptedException {
        this.driver = driver;
        this.profile = profile;
        awaitReady(base);
        Map<String, Object> options = Map.of("binary", BINARY.toString(), "args", List.of("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,2050", "--user-data-dir=" + profile));
        JsonNode created = call("POST", base + "/session",
                Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
        this.session = base + "/session/" + created.path("sessionId").asText();
    }

    public static BrowserSession start() throws IOException, InterruptedException {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(BINARY)) {
            throw new IllegalStateException(DRIVER + " or " + BINARY + " is missing: install Debian's chromium-driver");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Process driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return new BrowserSession(driver, profile, "http://127.0.0.1:" + port);
        } catch (IOException | RuntimeException | InterruptedException failed) {
            driver.destroyForcibly();
            throw failed;
        }
    }

    /** Loads the page and waits until its scripts ran (the document is complete). */
    public void open(String url) throws IOException, InterruptedException {
        call("POST", session + "/url", Map.of("url", url));
    }

    /** The value of the script's {@code return}, run in the page. */
    public JsonNode evaluate(String script) throws IOException, InterruptedException {
        return call("POST", session + "/execute/sync", Map.of("script", script, "args", List.of()));
    }

    /** A script that counts the saturated pixels (the datasets' colours, not the grid's grey) inside a Chart.js chart's plot area. */
    public static String chartInk(String canvas) {
        return """
                const chart = Chart.getChart('%s');
                const area = chart.chartArea;
                const ratio = chart.currentDevicePixelRatio;
                const pixels = chart.ctx.getImageData(area.left * ratio, area.top * ratio,
                    (area.right - area.left) * ratio, (area.bottom - area.top) * ratio).data;
                let coloured = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  const high = Math.max(pixels[i], pixels[i + 1], pixels[i + 2]);
                  const low = Math.min(pixels[i], pixels[i + 1], pixels[i + 2]);
                  if (pixels[i + 3] > 0 && high - low > 60) coloured++;
                }
                return coloured;""".formatted(canvas);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call("DELETE", session, null);
        } catch (IOException | RuntimeException ignored) {
            // the driver goes anyway
        }
        driver.destroy();
        if (!driver.waitFor(10, TimeUnit.SECONDS)) {
            driver.destroyForcibly();
        }
        try {
            FileSystemUtils.deleteRecursively(profile);
        } catch (IOException stillHeld) {
            // left to the temp directory's own cleanup
        }
    }

    private JsonNode call(String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json").method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = json.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + url + " answered " + response.statusCode() + ": "
                    + value.path("message").asText(response.body()));
        }
        return value;
    }

    private void awaitReady(String base) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                if (call("GET", base + "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (ConnectException notYet) {
                // the driver is still starting
            }
            if (Instant.now().isAfter(deadline) || !driver.isAlive()) {
                throw new IllegalStateException("chromedriver did not start on " + base);
            }
            Thread.sleep(100);
        }
    }
}
