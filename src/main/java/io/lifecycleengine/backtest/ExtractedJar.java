package io.lifecycleengine.backtest;

import io.lifecycleengine.system.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * The application jar unpacked by Spring Boot's own tool ({@code -Djarmode=tools extract}), with a class-data
 * archive ({@code -XX:SharedArchiveFile}) of the classes a backtest loads, kept in a cache directory between
 * runs of the same build on the same JVM. A JVM starts the backtest's engine in about half the time from these
 * than from the jar as built, which opens its libraries nested in itself and verifies every class anew
 * (docs/benchmarks.md). The first run of a build unpacks the jar (half a second) and records the archive when
 * its JVM exits (a few seconds); later runs use both.
 */
final class ExtractedJar {

    static final String ARCHIVE = "classes.jsa";
    private static final Pattern RECORDING = Pattern.compile("recording-(\\d{1,18})\\.jsa");

    /** Where it lies: {@code jar} to start with {@code -jar}, and the archive, which the first run records. */
    record Copy(Path jar, Path archive) {

        boolean archived() {
            return Files.isRegularFile(archive);
        }

        /** Where a JVM records the archive for this copy; {@link #keep} puts it in place once that JVM ended well. */
        Path recording(long pid) {
            return archive.resolveSibling("recording-" + pid + ".jsa");
        }

        /**
         * Deletes the recordings of backtests that are gone (killed before they could keep or delete theirs); a
         * recording whose backtest still runs is left to it. Best effort: what cannot be read or deleted stays.
         */
        void removeAbandonedRecordings() {
            try (Stream<Path> files = Files.list(archive.getParent())) {
                for (Path file : files.toList()) {
                    Matcher recording = RECORDING.matcher(file.getFileName().toString());
                    if (recording.matches() && ProcessHandle.of(Long.parseLong(recording.group(1))).isEmpty()) {
                        Files.deleteIfExists(file);
                    }
                }
            } catch (IOException | UncheckedIOException ignored) {
                // an abandoned recording only takes disk space until the next try
            }
        }

        void keep(Path recorded) throws IOException {
            if (Files.isRegularFile(recorded)) {
                Files.move(recorded, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private ExtractedJar() {
    }

    /**
     * The unpacked copy of {@code jar} under {@code cache}, unpacked now if this build has none yet; copies of
     * earlier builds of the same jar path are removed.
     *
     * @param jvm what identifies the JVM the copy is for (its archive is valid for that JVM alone)
     * @return empty when the jar cannot be unpacked (e.g. it is no Spring Boot jar) or the cache is not writable
     */
    static Optional<Copy> of(Path jar, Path cache, String javaHome, String jvm) {
        try {
            Path absolute = jar.toAbsolutePath().normalize();
            String name = absolute.getFileName().toString();
            String prefix = name.substring(0, name.length() - ".jar".length()) + "-"
                    + Hashes.sha256Hex(absolute + "|" + javaHome, 6) + "-";
            Path dir = cache.resolve(prefix + Hashes.sha256Hex(Files.size(absolute) + "|"
                    + Files.getLastModifiedTime(absolute).toMillis() + "|" + jvm, 6));
            Copy copy = new Copy(dir.resolve(name), dir.resolve(ARCHIVE));
            if (Files.isRegularFile(copy.jar())) {
                return Optional.of(copy);
            }
            Files.createDirectories(cache);
            removeEarlierBuilds(cache, prefix, dir);
            Path unpacking = Files.createTempDirectory(cache, "unpacking-");
            try {
                if (!unpack(absolute, unpacking, javaHome)) {
                    return Optional.empty();
                }
                Files.move(unpacking, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException unpackedMeanwhile) {
                // another backtest of the same build unpacked it first
            } finally {
                FileSystemUtils.deleteRecursively(unpacking);
            }
            return Files.isRegularFile(copy.jar()) ? Optional.of(copy) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean unpack(Path jar, Path into, String javaHome) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(Path.of(javaHome, "bin", "java").toString(), "-Djarmode=tools", "-jar",
                jar.toString(), "extract", "--destination", into.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!tool.waitFor(2, TimeUnit.MINUTES)) {
            tool.destroyForcibly();
            return false;
        }
        return tool.exitValue() == 0 && Files.isRegularFile(into.resolve(jar.getFileName()));
    }

    private static void removeEarlierBuilds(Path cache, String prefix, Path keep) throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().startsWith(prefix) && !path.equals(keep))
                    .toList()) {
                FileSystemUtils.deleteRecursively(entry);
            }
        }
    }
}
