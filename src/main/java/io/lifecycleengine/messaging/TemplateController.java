package io.lifecycleengine.messaging;

import io.lifecycleengine.system.BadRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The message templates, and a preview of one for a real user without sending anything. */
@RestController
@RequestMapping("/api/templates")
class TemplateController {

    private final MessagingService messaging;

    TemplateController(MessagingService messaging) {
        this.messaging = messaging;
    }

    record PreviewRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String userId) {
    }

    @GetMapping
    List<TemplateInfo> templates() {
        return messaging.templates();
    }

    @PostMapping("/{kind}/preview")
    Preview preview(@PathVariable String kind, @RequestBody PreviewRequest request) {
        if (request.userId() == null || request.userId().isBlank()) {
            throw new BadRequestException("body: userId is required");
        }
        return messaging.preview(kind, request.userId());
    }
}
