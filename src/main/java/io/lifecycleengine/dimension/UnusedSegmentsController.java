package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.system.BadRequestException;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Guards against over-segmentation: the segments the decision tables declare that nobody is in now and
 * nobody entered within the last {@code days} days.
 */
@RestController
class UnusedSegmentsController {

    private final Decisions decisions;
    private final SegmentService segments;
    private final Clock clock;

    UnusedSegmentsController(Decisions decisions, SegmentService segments, Clock clock) {
        this.decisions = decisions;
        this.segments = segments;
        this.clock = clock;
    }

    @GetMapping("/api/segments/unused")
    List<UnusedSegment> unused(@Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "3650",
                                       defaultValue = "30"))
                               @RequestParam(defaultValue = "30") int days) {
        if (days < 1 || days > 3650) {
            throw new BadRequestException("days must be between 1 and 3650");
        }
        Instant since = clock.instant().minus(Duration.ofDays(days));
        List<UnusedSegment> unused = new ArrayList<>();
        for (Dimension dimension : Dimension.values()) {
            for (String segment : decisions.declaredOutputValues(dimension.decisionKey(), "segment")) {
                Instant lastEntered = segments.lastEntered(dimension.slug(), segment).orElse(null);
                boolean empty = segments.memberCount(dimension.slug(), segment) == 0;
                if (empty && (lastEntered == null || lastEntered.isBefore(since))) {
                    unused.add(new UnusedSegment(dimension.slug(), segment, lastEntered));
                }
            }
        }
        return unused;
    }

    record UnusedSegment(String dimension, String segment, Instant lastEntered) {
    }
}
