package io.lifecycleengine;

import io.lifecycleengine.backtest.BacktestCommand;
import io.lifecycleengine.ingest.ImportCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LifecycleEngineApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(ImportCommand.run(LifecycleEngineApplication.class, Arrays.copyOfRange(args, 1, args.length),
                    System.out));
        }
        if (args.length > 0 && args[0].equals("backtest")) {
            System.exit(BacktestCommand.runInBatchJvm(LifecycleEngineApplication.class, Arrays.copyOfRange(args, 1, args.length),
                    System.out));
        }
        SpringApplication.run(LifecycleEngineApplication.class, args);
    }
}
