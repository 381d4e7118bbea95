package io.lifecycleengine.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The names of the settings the engine's {@code application.yml} declares, read before the engine starts; a map
 * declared empty ({@code holdout: {}}) is named too, as its entries are settings.
 */
final class EngineSettings {

    private EngineSettings() {
    }

    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        try (InputStream yaml = new ClassPathResource("application.yml").getInputStream()) {
            new Yaml().loadAll(yaml).forEach(document -> collect("", document, names));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the engine's application.yml", e);
        }
        return names;
    }

    private static void collect(String name, Object value, Set<String> names) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, child) -> collect(name.isEmpty() ? String.valueOf(key) : name + "." + key, child, names));
        } else if (!name.isEmpty()) {
            names.add(name);
        }
    }
}
