package io.lifecycleengine.ingest;

import io.lifecycleengine.system.JsonErrors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class IngestConfiguration {

    @Bean
    FilterRegistrationBean<WriteKeyFilter> writeKeyFilter(@Value("${lifecycle.ingest.write-key}") String writeKey,
                                                          JsonErrors errors) {
        FilterRegistrationBean<WriteKeyFilter> registration =
                new FilterRegistrationBean<>(new WriteKeyFilter(writeKey, errors));
        registration.addUrlPatterns("/v1/*");
        registration.setName("ingestWriteKey");
        return registration;
    }
}
