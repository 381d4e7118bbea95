package io.lifecycleengine.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Gives {@code spring.mail.host} a last-resort value: an in-process SMTP server ({@link DevMailServer})
 * on 127.0.0.1, so the embedded default sends real SMTP with nothing installed. Any configured mail
 * host takes precedence and leaves the in-process server off.
 */
public class DevMailEnvironment implements EnvironmentPostProcessor {

    private static final String SOURCE = "lifecycleDevMail";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int port = environment.getProperty("lifecycle.dev-mail.port", Integer.class, 0);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", port == 0 ? freePort() : port)));
    }

    /** True when no configuration names a mail host, so mail goes to the in-process server. */
    public static boolean isActive(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return false;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            Object host = source.getProperty("spring.mail.host");
            if (host != null && !host.toString().isBlank()) {
                return SOURCE.equals(source.getName());
            }
        }
        return false;
    }

    static class Active implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isActive(context.getEnvironment());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the in-process SMTP server", e);
        }
    }
}
