package io.lifecycleengine.system;

import io.lifecycleengine.journey.EngineUsers;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class WebConfiguration {

    @Bean
    FilterRegistrationBean<AdminApiFilter> adminApiFilter(EngineUsers users, JsonErrors errors) {
        FilterRegistrationBean<AdminApiFilter> registration = new FilterRegistrationBean<>(new AdminApiFilter(users, errors));
        registration.addUrlPatterns("/api/*", "/dashboard", "/actuator/prometheus");
        registration.setName("adminApi");
        return registration;
    }
}
