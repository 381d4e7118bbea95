package io.lifecycleengine.segment;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SegmentController {

    private final SegmentService segments;

    SegmentController(SegmentService segments) {
        this.segments = segments;
    }

    /** Segment sizes per dimension. */
    @GetMapping("/api/segments")
    Map<String, Map<String, Long>> sizes() {
        return Map.of(LifecycleStage.DIMENSION, segments.stageSizes());
    }
}
