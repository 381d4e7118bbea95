package io.lifecycleengine.messaging;

import java.util.List;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the in-process SMTP server of the embedded default received. */
@RestController
@Conditional(DevMailEnvironment.Active.class)
class DevMailController {

    private final DevMailServer server;

    DevMailController(DevMailServer server) {
        this.server = server;
    }

    @GetMapping("/api/dev/mail")
    List<DevMailServer.CapturedMail> received() {
        return server.received();
    }
}
