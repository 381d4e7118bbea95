package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.segment.DeclaredSegments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The segments the latest version of each dimension's table declares as its outputs. */
@Component
class TableSegments implements DeclaredSegments {

    private final Decisions decisions;

    TableSegments(Decisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public Map<String, List<String>> declared() {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (Dimension dimension : Dimension.values()) {
            declared.put(dimension.slug(), decisions.declaredOutputValues(dimension.decisionKey(), "segment"));
        }
        return declared;
    }
}
