package io.lifecycleengine.system;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** The command-line tools' one-line progress bar, redrawn in place at most twice a second and at the end. */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final String unit;
    private final long started = System.nanoTime();
    private long lastDrawn;

    /** @param unit what is counted, e.g. "events" */
    public ProgressBar(PrintStream out, String unit) {
        this.out = out;
        this.unit = unit;
    }

    /** @param detail what else to show after the count, asked for only when the bar is redrawn */
    public void update(long done, long total, Supplier<String> detail) {
        long now = System.nanoTime();
        if (done < total && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        double seconds = Math.max(0.001, (now - started) / 1e9);
        out.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d/%,d %s, %s, %,.0f/s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                total == 0 ? 100 : 100 * done / total, done, total, unit, detail.get(), done / seconds);
        out.flush();
    }

    /** Ends the bar's line. */
    public void finish() {
        out.println();
    }
}
