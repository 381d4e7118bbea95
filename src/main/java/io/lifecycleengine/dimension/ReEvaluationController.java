package io.lifecycleengine.dimension;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ReEvaluationController {

    private final SegmentReEvaluation reEvaluation;

    ReEvaluationController(SegmentReEvaluation reEvaluation) {
        this.reEvaluation = reEvaluation;
    }

    /** Re-decides every user's segments with the latest tables, in the background; answers its progress. */
    @PostMapping("/api/segments/re-evaluation")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SegmentReEvaluation.Progress start() {
        return reEvaluation.start();
    }

    /** How far the last re-evaluation got. */
    @GetMapping("/api/segments/re-evaluation")
    SegmentReEvaluation.Progress progress() {
        return reEvaluation.progress();
    }
}
