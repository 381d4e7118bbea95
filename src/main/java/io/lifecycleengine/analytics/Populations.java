package io.lifecycleengine.analytics;

import io.lifecycleengine.dimension.Dimension;
import io.lifecycleengine.segment.DeclaredSegments;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.system.BadRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Reads a metric's {@code segment} filter and refuses one that names no dimension, no stage of the lifecycle, or no
 * segment of one of our dimensions: a typing error would otherwise count nobody and answer zeros.
 */
@Component
class Populations {

    private final SegmentService segments;
    private final DeclaredSegments declaredSegments;

    Populations(SegmentService segments, DeclaredSegments declaredSegments) {
        this.segments = segments;
        this.declaredSegments = declaredSegments;
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
        // a dimension of no table of ours (segments written by hand or by an integration) counts when it has members
        if (Arrays.stream(Dimension.values()).noneMatch(known -> known.slug().equals(dimension)) && !segments.hasMembers(dimension)) {
            throw new BadRequestException("Parameter 'segment': no dimension '" + dimension + "' (dimensions: "
                    + String.join(", ", new TreeSet<>(Stream.concat(Stream.of(LifecycleStage.DIMENSION),
                    Arrays.stream(Dimension.values()).map(Dimension::slug)).toList())) + ")");
        }
        List<String> declared = declaredSegments.declared().getOrDefault(dimension, List.of());
        if (!declared.isEmpty() && !declared.contains(population.segment())
                && segments.memberCount(dimension, population.segment()) == 0) {
            throw new BadRequestException("Parameter 'segment': the dimension " + dimension + " has no segment '"
                    + population.segment() + "' (segments: " + String.join(", ", declared) + ")");
        }
        return population;
    }
}
