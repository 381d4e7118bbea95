package io.lifecycleengine.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/** Debian's headless Chromium, run as a real browser on a page of the app under test. */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** The page's DOM after its scripts ran. */
    public static String dumpDom(String url) throws IOException, InterruptedException {
        return run(url, "--dump-dom");
    }

    public static void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(url, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars");
    }

    private static String run(String url, String... what) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium (apt-get install chromium)");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Path output = Files.createTempFile("chromium", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
            command.addAll(List.of(what));
            command.add(url);
            Process chromium = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
                chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Chromium did not finish within 90 s on " + url);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
            deleteProfile(profile);
        }
    }

    /** The browser's profile (caches, crash reports) is a few MB per page; best effort, as a lingering child may hold it. */
    private static void deleteProfile(Path profile) {
        try {
            FileSystemUtils.deleteRecursively(profile);
        } catch (IOException stillHeld) {
            // left to the temp directory's own cleanup
        }
    }
}
