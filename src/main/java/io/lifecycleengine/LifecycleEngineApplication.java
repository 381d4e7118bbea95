package io.lifecycleengine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LifecycleEngineApplication {

    public static void main(String[] args) {
        SpringApplication.run(LifecycleEngineApplication.class, args);
    }
}
