package io.lifecycleengine.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Without {@code spring.mail.host}, points mail at an in-process SMTP server ({@link DevMailServer})
 * on 127.0.0.1, so the embedded default sends real SMTP with nothing installed.
 */
public class DevMailEnvironment implements EnvironmentPostProcessor {

    static final String ENABLED = "lifecycle.dev-mail.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String host = environment.getProperty("spring.mail.host");
        if (host != null && !host.isBlank()) {
            return;
        }
        int port = environment.getProperty("lifecycle.dev-mail.port", Integer.class, 0);
        environment.getPropertySources().addFirst(new MapPropertySource("devMail", Map.of(
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", port == 0 ? freePort() : port,
                ENABLED, true)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the in-process SMTP server", e);
        }
    }
}
