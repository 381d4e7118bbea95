package io.lifecycleengine.users;

import io.lifecycleengine.journey.WaitingMessages;
import io.lifecycleengine.messaging.MergedUsers;
import io.lifecycleengine.messaging.MessagingService;
import io.lifecycleengine.messaging.SentMessage;
import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.KnownSegments;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.segment.StageMembership;
import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.NotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One user as the journey sees them: stage, profile, transitions and messages. */
@RestController
@RequestMapping("/api/users/{userId}")
class UserController {

    private final ProfileService profiles;
    private final SegmentService segments;
    private final MessagingService messaging;
    private final WaitingMessages waiting;
    private final MergedUsers merged;
    private final KnownSegments known;

    UserController(ProfileService profiles, SegmentService segments, MessagingService messaging, WaitingMessages waiting,
                   MergedUsers merged, KnownSegments known) {
        this.profiles = profiles;
        this.segments = segments;
        this.messaging = messaging;
        this.waiting = waiting;
        this.merged = merged;
        this.known = known;
    }

    @GetMapping
    UserView user(@PathVariable String userId) {
        BehaviorProfile profile = profiles.find(userId).orElseThrow(() -> unknown(userId));
        StageMembership stage = segments.stageOf(userId).orElse(null);
        Map<String, String> dimensions = new TreeMap<>(segments.membershipsOf(userId));
        dimensions.remove(LifecycleStage.DIMENSION);
        return UserView.of(profile, stage == null ? null : stage.stage().name(), stage == null ? null : stage.since(),
                dimensions);
    }

    /** Transitions of one dimension (the lifecycle stage unless named), oldest first. */
    @GetMapping("/transitions")
    List<TransitionView> transitions(@PathVariable String userId,
                                     @RequestParam(defaultValue = LifecycleStage.DIMENSION) String dimension) {
        requireKnown(userId);
        List<TransitionView> transitions = segments.transitions(userId, dimension).stream()
                .map(t -> new TransitionView(t.from(), t.to(), t.at(), t.reason(), t.journeyId()))
                .toList();
        if (transitions.isEmpty() && !known.isDimension(dimension)) {
            throw new BadRequestException("dimension: no dimension '" + dimension + "' (known: "
                    + String.join(", ", known.dimensions()) + ")");
        }
        return transitions;
    }

    /**
     * Messages waiting out the user's quiet hours first ({@code waiting}, {@code at} when they go, reason
     * {@code superseded} when they will be skipped then), then the outbox's.
     */
    @GetMapping("/messages")
    List<SentMessage> messages(@PathVariable String userId) {
        requireKnown(userId);
        List<SentMessage> messages = new ArrayList<>();
        waiting.of(userId).forEach(message -> messages.add(new SentMessage(message.kind(), "waiting", message.until(),
                message.reason(), List.of())));
        messages.addAll(messaging.messagesOf(userId));
        return messages;
    }

    private void requireKnown(String userId) {
        if (profiles.find(userId).isEmpty()) {
            throw unknown(userId);
        }
    }

    /** An id merged into another user by alias, or an anonymous id tied to a user, names where its history is now. */
    private NotFoundException unknown(String userId) {
        String owner = merged.survivorOf(userId);
        return new NotFoundException("No user with id " + userId + (owner.equals(userId) ? ""
                : ": its events belong to user " + owner + " (merged by alias or identify), see /api/users/"
                + URLEncoder.encode(owner, StandardCharsets.UTF_8).replace("+", "%20")));
    }

    record TransitionView(String from, String to, Instant at, String reason, String journeyId) {
    }
}
