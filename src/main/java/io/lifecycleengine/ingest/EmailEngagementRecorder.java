package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycleengine.messaging.EmailEngagement;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records opens and clicks of our own messages as Segment Email spec {@code track} events of the user,
 * through the same path as any ingested event: they count as activity and feed the content dimension.
 */
@Component
class EmailEngagementRecorder {

    private final IngestService ingest;

    EmailEngagementRecorder(IngestService ingest) {
        this.ingest = ingest;
    }

    @EventListener
    void on(EmailEngagement engagement) {
        ObjectNode call = JsonNodeFactory.instance.objectNode()
                .put("userId", engagement.userId())
                .put("event", engagement.event())
                .put("messageId", engagement.dedupeKey())
                .put("timestamp", engagement.at().toString());
        ObjectNode properties = call.putObject("properties")
                .put("email_id", Long.toString(engagement.emailId()))
                .put("campaign_name", engagement.messageKind());
        if (engagement.linkUrl() != null) {
            properties.put("link_url", engagement.linkUrl());
        }
        ingest.accept(List.of(SegmentPayloadParser.parse(call, EventType.TRACK, engagement.at(), "email feedback",
                SegmentPayloadParser.BatchDefaults.NONE)));
    }
}
