package io.lifecycleengine.ingest;

import io.lifecycleengine.system.JsonErrors;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class IngestConfiguration {

    @Bean
    FilterRegistrationBean<WriteKeyFilter> writeKeyFilter(WriteKeys writeKeys, JsonErrors errors) {
        FilterRegistrationBean<WriteKeyFilter> registration =
                new FilterRegistrationBean<>(new WriteKeyFilter(writeKeys, errors));
        registration.addUrlPatterns("/v1/*");
        registration.setName("ingestWriteKey");
        return registration;
    }
}
