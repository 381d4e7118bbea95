package io.lifecycleengine.segment;

import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.NotFoundException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SegmentController {

    private static final int MAX_PAGE_SIZE = 500;

    private final SegmentService segments;

    SegmentController(SegmentService segments) {
        this.segments = segments;
    }

    /** Segment sizes per dimension. */
    @GetMapping("/api/segments")
    Map<String, Map<String, Long>> sizes() {
        return segments.sizes();
    }

    /** The members of one segment, page by page, ordered by user id. */
    @GetMapping("/api/segments/{dimension}/{segment}/members")
    Page<Member> members(@PathVariable String dimension, @PathVariable String segment,
                         @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequestException("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
        }
        // a probe, not the sizes of every segment (a count over all memberships) at every page
        if (!dimension.equals(LifecycleStage.DIMENSION) && !segments.hasMembers(dimension)) {
            throw new NotFoundException("No dimension " + dimension);
        }
        return segments.members(dimension, segment, page, size);
    }
}
