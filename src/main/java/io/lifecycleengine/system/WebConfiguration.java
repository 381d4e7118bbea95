package io.lifecycleengine.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.journey.EngineUsers;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration
class WebConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return StrictJson::configure;
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

    /** Ahead of every filter of Camunda's that checks a login or asks the database. */
    @Bean
    FilterRegistrationBean<CamundaDatabaseAwayFilter> camundaDatabaseAway(JsonErrors errors) {
        FilterRegistrationBean<CamundaDatabaseAwayFilter> registration =
                new FilterRegistrationBean<>(new CamundaDatabaseAwayFilter(errors));
        registration.addUrlPatterns("/camunda/api/*", "/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.setName("camundaDatabaseAway");
        return registration;
    }

    /** Ahead of every login check: a cross-site change is refused whether or not its credentials are good. */
    @Bean
    FilterRegistrationBean<CrossSiteRequestFilter> crossSiteRequests(JsonErrors errors,
            @Value("${lifecycle.messaging.public-base-url:}") String publicBaseUrl) {
        FilterRegistrationBean<CrossSiteRequestFilter> registration =
                new FilterRegistrationBean<>(new CrossSiteRequestFilter(errors, publicBaseUrl.isBlank() ? null : publicBaseUrl));
        registration.addUrlPatterns("/api/*", "/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("crossSiteRequests");
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

    /**
     * Spring's error page answers the errors Tomcat forwards to it; asked for directly (a plain request, not an error
     * dispatch, which this registration does not see) it has no error to show and would answer 500.
     */
    @Bean
    FilterRegistrationBean<Filter> errorPathAskedForDirectly(JsonErrors errors) {
        Filter notFound = (request, response, chain) -> errors.write((HttpServletResponse) response,
                HttpServletResponse.SC_NOT_FOUND, "not_found", "No such path: /error");
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(notFound);
        registration.addUrlPatterns("/error", "/error/*");
        registration.setName("errorPathAskedForDirectly");
        return registration;
    }

    /**
     * Also the two lists Camunda and Spring Boot hand out without credentials: engine-rest's engines (its
     * own filter lets that one through) and actuator's endpoints. The health check stays open.
     */
    @Bean
    FilterRegistrationBean<AdminApiFilter> adminApiFilter(EngineUsers users, JsonErrors errors) {
        FilterRegistrationBean<AdminApiFilter> registration = new FilterRegistrationBean<>(new AdminApiFilter(users, errors));
        registration.addUrlPatterns("/api/*", "/dashboard", "/actuator/prometheus",
                "/engine-rest/engine", "/engine-rest/engine/", "/actuator", "/actuator/");
        registration.setName("adminApi");
        return registration;
    }
}
