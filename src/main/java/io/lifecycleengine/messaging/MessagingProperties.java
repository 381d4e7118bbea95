package io.lifecycleengine.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Sender address, product name used in templates, and the public URL links point to. */
@ConfigurationProperties("lifecycle.messaging")
public record MessagingProperties(String from, String productName, String publicBaseUrl) {
}
