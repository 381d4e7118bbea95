package io.lifecycleengine.journey;

import java.time.Clock;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class JourneyConfiguration {

    /** An engine started after {@link EarlyMappings#startParsing} (the backtest's) takes the mappings parsed meanwhile. */
    @Bean
    @ConditionalOnProperty("lifecycle.journey.early-mappings")
    ProcessEnginePlugin earlyMappings() {
        EarlyMappings mappings = EarlyMappings.take();
        if (mappings == null) {
            throw new IllegalStateException("lifecycle.journey.early-mappings is set, but no parse of the mappings was started");
        }
        return mappings;
    }

    @Bean
    Clock clock() {
        return new EngineClock();
    }

    /** The starter leaves {@code /engine-rest} open; this requires HTTP Basic with an engine user. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engineRestAuthentication");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }
}
