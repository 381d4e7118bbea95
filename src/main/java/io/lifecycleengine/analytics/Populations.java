package io.lifecycleengine.analytics;

import io.lifecycleengine.dimension.Dimension;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.system.BadRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a metric's {@code segment} filter and refuses one that names no dimension, or no stage of the lifecycle: a
 * typing error would otherwise count nobody and answer zeros.
 */
@Component
class Populations {

    private final JdbcTemplate jdbc;

    Populations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Population of(String filter) {
        Population population = Population.of(filter);
        String dimension = population.dimension();
        if (dimension == null) {
            return population;
        }
        if (dimension.equals(LifecycleStage.DIMENSION)) {
            if (Arrays.stream(LifecycleStage.values()).noneMatch(stage -> stage.name().equals(population.segment()))) {
                throw new BadRequestException("Parameter 'segment': the lifecycle has no stage '" + population.segment()
                        + "' (stages: " + String.join(", ", Arrays.stream(LifecycleStage.values()).map(Enum::name).toList()) + ")");
            }
            return population;
        }
        if (Arrays.stream(Dimension.values()).noneMatch(known -> known.slug().equals(dimension)) && !hasMembers(dimension)) {
            throw new BadRequestException("Parameter 'segment': no dimension '" + dimension + "' (dimensions: "
                    + String.join(", ", new TreeSet<>(Stream.concat(Stream.of(LifecycleStage.DIMENSION),
                    Arrays.stream(Dimension.values()).map(Dimension::slug)).toList())) + ")");
        }
        return population;
    }

    /** A dimension of no table of ours (segments written by hand or by an integration) counts when it has members. */
    private boolean hasMembers(String dimension) {
        List<Integer> any = jdbc.query("SELECT 1 FROM segment_membership WHERE dimension = ? LIMIT 1", (rs, row) -> 1,
                dimension);
        return !any.isEmpty();
    }
}
