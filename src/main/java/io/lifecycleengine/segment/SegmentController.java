package io.lifecycleengine.segment;

import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.NotFoundException;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SegmentController {

    private static final int MAX_PAGE_SIZE = 500;

    private final SegmentService segments;
    private final DeclaredSegments declaredSegments;
    private final KnownSegments known;

    SegmentController(SegmentService segments, DeclaredSegments declaredSegments, KnownSegments known) {
        this.segments = segments;
        this.declaredSegments = declaredSegments;
        this.known = known;
    }

    /** Segment sizes per dimension: every declared segment, at 0 when nobody is in it, and any other with members. */
    @GetMapping("/api/segments")
    Map<String, Map<String, Long>> sizes() {
        Map<String, Map<String, Long>> sizes = new TreeMap<>();
        declaredSegments.declared().forEach((dimension, declared) -> declared.forEach(segment ->
                sizes.computeIfAbsent(dimension, d -> new TreeMap<>()).put(segment, 0L)));
        segments.sizes().forEach((dimension, counted) -> sizes.merge(dimension, counted, (declared, members) -> {
            declared.putAll(members);
            return declared;
        }));
        return sizes;
    }

    /**
     * The members of one segment, ordered by user id, page by page: by number, or after the cursor {@code next} of the
     * page before, which neither skips nor repeats a member when others join or leave the segment meanwhile.
     */
    @GetMapping("/api/segments/{dimension}/{segment}/members")
    Page<Member> members(@PathVariable String dimension, @PathVariable String segment,
                         @Parameter(schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
                         @RequestParam(required = false) Integer page,
                         @Parameter(description = "The cursor 'next' of the page before, instead of a page number")
                         @RequestParam(required = false) String after,
                         @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_PAGE_SIZE,
                                 defaultValue = "50"))
                         @RequestParam(defaultValue = "50") int size) {
        if (page != null && page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequestException("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
        }
        if (page != null && after != null) {
            throw new BadRequestException("Give either page or after (the cursor 'next' of the page before), not both");
        }
        Page<Member> members = segments.members(dimension, segment, page == null ? 0 : page, after, size);
        if (members.total() > 0) {
            return members;
        }
        // nobody in it: a segment nobody entered yet, or a mistyped name that would read as an empty segment
        if (!known.isDimension(dimension)) {
            throw new NotFoundException("No dimension " + dimension + " (dimensions: " + String.join(", ", known.dimensions()) + ")");
        }
        List<String> declared = known.declaredIn(dimension);
        if (declared.contains(segment)) {
            return members;
        }
        throw new NotFoundException("No segment " + segment + " in dimension " + dimension
                + (declared.isEmpty() ? "" : " (segments: " + String.join(", ", declared) + ")"));
    }
}
