package io.lifecycleengine.system;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.journey.EngineUsers;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration
class WebConfiguration {

    /** Deeper JSON than any Segment call needs is refused while parsing, before it costs stack or memory. */
    static final int MAX_JSON_NESTING = 64;

    /** Strict JSON in: bounded nesting, and nothing after the document. */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder.featuresToEnable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING).build()));
    }

    /** Requests Tomcat refuses before the application sees them (e.g. oversize headers) are answered in JSON too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorsFromTomcat() {
        return factory -> factory.addContextCustomizers(context ->
                ((StandardHost) context.getParent()).setErrorReportValveClass(JsonErrorReportValve.class.getName()));
    }

    /** Ahead of the webapps' and engine-rest's own filters. */
    @Bean
    FilterRegistrationBean<CamundaAdvisoryFilter> camundaAdvisoryFilter(EngineUsers users, JsonErrors errors, ObjectMapper json) {
        FilterRegistrationBean<CamundaAdvisoryFilter> registration =
                new FilterRegistrationBean<>(new CamundaAdvisoryFilter(users, errors, json));
        registration.addUrlPatterns("/camunda/*", "/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("camundaAdvisories");
        return registration;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeaders() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(new SecurityHeadersFilter());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("securityHeaders");
        return registration;
    }

    @Bean
    FilterRegistrationBean<AdminApiFilter> adminApiFilter(EngineUsers users, JsonErrors errors) {
        FilterRegistrationBean<AdminApiFilter> registration = new FilterRegistrationBean<>(new AdminApiFilter(users, errors));
        registration.addUrlPatterns("/api/*", "/dashboard", "/actuator/prometheus");
        registration.setName("adminApi");
        return registration;
    }
}
