package io.lifecycleengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The jar's first argument names a command; a mistyped one is told so instead of starting a server. */
class LifecycleEngineApplicationTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aMistypedCommandIsNamedWithTheUsageAndStartsNothing() {
        assertThat(LifecycleEngineApplication.commandOrServer(new String[] {"backtst", "--events", "x"}, out)).hasValue(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("lifecycle-engine: no command 'backtst'")
                .contains("backtest --events FILE");
    }

    @Test
    void aStrayArgumentAfterTheServersOptionsIsRefusedToo() {
        assertThat(LifecycleEngineApplication.commandOrServer(new String[] {"--server.port=0", "extra"}, out)).hasValue(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("lifecycle-engine: no command 'extra'");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(LifecycleEngineApplication.commandOrServer(new String[] {"--help"}, out)).hasValue(0);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(LifecycleEngineApplication.USAGE + System.lineSeparator());
    }
}
