package io.lifecycleengine.journey;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.ibatis.builder.xml.XMLConfigBuilder;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ReflectUtil;

/**
 * Camunda's MyBatis mappings parsed on a thread of their own while Spring is still starting the
 * engine: the parse is a third of the engine's start and needs only the database type and table
 * prefix, which the backtest knows beforehand (an in-memory H2, no prefix). An engine that gets this
 * plugin takes the parsed mappings instead of parsing them again, and gives them its data source.
 */
public final class EarlyMappings extends AbstractProcessEnginePlugin {

    private final String databaseType;
    private final String tablePrefix;
    private final CompletableFuture<Configuration> parsing = new CompletableFuture<>();

    private EarlyMappings(String databaseType, String tablePrefix) {
        this.databaseType = databaseType;
        this.tablePrefix = tablePrefix;
    }

    /** Starts parsing the mappings for the given database; give the result to the engine as one of its plugins. */
    public static EarlyMappings startParsing(String databaseType, String tablePrefix) {
        EarlyMappings mappings = new EarlyMappings(databaseType, tablePrefix);
        Thread parser = new Thread(mappings::parse, "engine-mappings");
        parser.setDaemon(true);
        parser.start();
        return mappings;
    }

    private void parse() {
        Properties properties = new Properties();
        properties.put("prefix", tablePrefix);
        ProcessEngineConfigurationImpl.initSqlSessionFactoryProperties(properties, tablePrefix, databaseType);
        try (Reader mappings = new InputStreamReader(Objects.requireNonNull(ReflectUtil.getResourceAsStream(
                ProcessEngineConfigurationImpl.DEFAULT_MYBATIS_MAPPING_FILE)), StandardCharsets.UTF_8)) {
            parsing.complete(new XMLConfigBuilder(mappings, "", properties).parse());
        } catch (IOException | RuntimeException e) {
            parsing.completeExceptionally(e);
        }
    }

    /** Waits for the parse to end. */
    Configuration mappings() {
        try {
            return parsing.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Parsing the engine's mappings failed", e.getCause());
        }
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl engine) {
        engine.setSqlSessionFactory(new DefaultSqlSessionFactory(mappings()));
    }

    /** What the engine would have set while parsing, now that its data source and settings are known. */
    @Override
    public void postInit(ProcessEngineConfigurationImpl engine) {
        if (!databaseType.equals(engine.getDatabaseType()) || !tablePrefix.equals(engine.getDatabaseTablePrefix())) {
            throw new IllegalStateException("The engine's mappings were parsed for database " + databaseType
                    + " with table prefix '" + tablePrefix + "', but the engine runs on " + engine.getDatabaseType()
                    + " with prefix '" + engine.getDatabaseTablePrefix() + "'");
        }
        Configuration configuration = engine.getSqlSessionFactory().getConfiguration();
        configuration.setEnvironment(new Environment("default", engine.getTransactionFactory(), engine.getDataSource()));
        configuration.setDefaultStatementTimeout(engine.getJdbcStatementTimeout());
        if (engine.isJdbcBatchProcessing()) {
            configuration.setDefaultExecutorType(ExecutorType.BATCH);
        }
    }
}
