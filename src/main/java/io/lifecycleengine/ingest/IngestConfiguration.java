package io.lifecycleengine.ingest;

import io.lifecycleengine.system.JsonErrors;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

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

    /** Around the write key's check, so that a call refused for its key is named too. */
    @Bean
    FilterRegistrationBean<RefusedCallLog> refusedCallLog(Clock clock) {
        FilterRegistrationBean<RefusedCallLog> registration = new FilterRegistrationBean<>(new RefusedCallLog(clock));
        registration.addUrlPatterns("/v1/*");
        registration.setName("ingestRefusedCallLog");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
