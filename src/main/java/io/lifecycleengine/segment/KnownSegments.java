package io.lifecycleengine.segment;

import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Which dimensions and segments exist, for the readers that must tell a mistyped name from an empty segment: the
 * lifecycle and its stages, the dimensions' tables and the segments they declare, and any other with members (segments
 * written by hand or by an integration).
 */
@Component
public class KnownSegments {

    private final SegmentRepository repository;
    private final DeclaredSegments declared;

    KnownSegments(SegmentRepository repository, DeclaredSegments declared) {
        this.repository = repository;
        this.declared = declared;
    }

    public boolean isDimension(String dimension) {
        return dimensions().contains(dimension) || repository.hasMembers(dimension);
    }

    /** The lifecycle and the dimensions of the tables, sorted; other dimensions exist while somebody is in them. */
    public SortedSet<String> dimensions() {
        SortedSet<String> dimensions = new TreeSet<>(declared.declared().keySet());
        dimensions.add(LifecycleStage.DIMENSION);
        return dimensions;
    }

    /** The lifecycle's stages, or the segments the dimension's table declares; none for a dimension of no table. */
    public List<String> declaredIn(String dimension) {
        return dimension.equals(LifecycleStage.DIMENSION) ? Arrays.stream(LifecycleStage.values()).map(Enum::name).toList()
                : declared.declared().getOrDefault(dimension, List.of());
    }

    /** A segment declared for the dimension, or one somebody is in. */
    public boolean isSegment(String dimension, String segment) {
        return declaredIn(dimension).contains(segment) || repository.countMembers(dimension, segment) > 0;
    }
}
