package io.lifecycleengine.analytics;

import io.lifecycleengine.segment.KnownSegments;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.system.BadRequestException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads a metric's {@code segment} filter and refuses one that names no dimension, no stage of the lifecycle, or no
 * segment of one of our dimensions: a typing error would otherwise count nobody and answer zeros.
 */
@Component
class Populations {

    private final KnownSegments known;

    Populations(KnownSegments known) {
        this.known = known;
    }

    Population of(String filter) {
        Population population = Population.of(filter);
        String dimension = population.dimension();
        if (dimension == null) {
            return population;
        }
        if (dimension.equals(LifecycleStage.DIMENSION)) {
            List<String> stages = known.declaredIn(dimension);
            if (!stages.contains(population.segment())) {
                throw new BadRequestException("Parameter 'segment': the lifecycle has no stage '" + population.segment()
                        + "' (stages: " + String.join(", ", stages) + ")");
            }
            return population;
        }
        // a dimension of no table of ours (segments written by hand or by an integration) counts when it has members
        if (!known.isDimension(dimension)) {
            throw new BadRequestException("Parameter 'segment': no dimension '" + dimension + "' (dimensions: "
                    + String.join(", ", known.dimensions()) + ")");
        }
        List<String> declared = known.declaredIn(dimension);
        if (!declared.isEmpty() && !known.isSegment(dimension, population.segment())) {
            throw new BadRequestException("Parameter 'segment': the dimension " + dimension + " has no segment '"
                    + population.segment() + "' (segments: " + String.join(", ", declared) + ")");
        }
        return population;
    }
}
