package io.lifecycleengine.segment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Segment membership and its history: every move is recorded with from, to, when, why and which journey. */
@Service
public class SegmentService {

    static final int MAX_REASON_LENGTH = 255;
    /** The longest segment name a membership holds. */
    public static final int MAX_SEGMENT_LENGTH = 64;
    /** Where the history of a user merged into another by alias ends: in no segment, but not forgotten. */
    public static final String MERGED = "MERGED";

    private final SegmentRepository repository;
    private final Clock clock;

    SegmentService(SegmentRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Moves a user to a lifecycle stage.
     *
     * @throws IllegalStateException when the lifecycle does not allow that move
     */
    @Transactional
    public Transition moveToStage(String userId, LifecycleStage to, String reason, String journeyId) {
        Optional<LifecycleStage> from = repository.segmentForUpdate(userId, LifecycleStage.DIMENSION)
                .map(LifecycleStage::valueOf);
        if (!LifecycleStage.canEnter(from.orElse(null), to)) {
            throw new IllegalStateException("User " + userId + " cannot move from " + from.orElse(null) + " to " + to);
        }
        Instant now = clock.instant();
        String shortReason = shorten(reason);
        repository.saveMembership(userId, LifecycleStage.DIMENSION, to.name(), now, from.isPresent());
        long id = repository.insertTransition(userId, LifecycleStage.DIMENSION, from.map(Enum::name).orElse(null),
                to.name(), now, shortReason, journeyId);
        return new Transition(id, userId, LifecycleStage.DIMENSION, from.map(Enum::name).orElse(null), to.name(), now,
                shortReason, journeyId);
    }

    /**
     * Takes a user merged into another by alias out of every segment. Each membership ends with a transition to
     * {@link #MERGED}, so their history stays: the stage sizes of the days before the merge count them as they were.
     */
    @Transactional
    public void leaveByMerge(String userId, String journeyId) {
        Instant now = clock.instant();
        repository.memberships(userId).forEach((dimension, segment) ->
                repository.insertTransition(userId, dimension, segment, MERGED, now, "merged into another user", journeyId));
        repository.deleteMemberships(userId);
    }

    /**
     * Gives the surviving user of an alias, whose journey had ended, the segments of the merged user, whose journey
     * carries on as theirs. The merged user's history ends as by {@link #leaveByMerge}; in each dimension where the two
     * differ, the surviving user's stay ends with a move to {@link #MERGED} and they enter the merged user's segment
     * from there, so the move counts as no reactivation, and each user's history stays their own.
     */
    @Transactional
    public void takeOver(String fromUserId, String toUserId, String journeyId) {
        Map<String, String> taken = repository.memberships(fromUserId);
        leaveByMerge(fromUserId, journeyId);
        Map<String, String> own = repository.memberships(toUserId);
        Instant now = clock.instant();
        String reason = "took over the journey of a merged user";
        taken.forEach((dimension, segment) -> {
            String was = own.get(dimension);
            if (segment.equals(was)) {
                return;
            }
            if (was != null) {
                repository.insertTransition(toUserId, dimension, was, MERGED, now, reason, null);
            }
            repository.saveMembership(toUserId, dimension, segment, now, was != null);
            repository.insertTransition(toUserId, dimension, was == null ? null : MERGED, segment, now, reason, journeyId);
        });
    }

    /** Moves the user's memberships and their history to another id (alias), keeping where they are and since when. */
    @Transactional
    public void rekey(String fromUserId, String toUserId) {
        repository.moveMemberships(fromUserId, toUserId);
        repository.moveTransitions(fromUserId, toUserId);
    }

    /** A segment a user belongs in, and why. */
    public record Assignment(String dimension, String segment, String reason) {
    }

    /**
     * Puts users into segments of dimensions other than the lifecycle: their memberships are read (and
     * locked) with one query in user order, and a transition is recorded for each segment that changes.
     *
     * @return how many segments changed
     */
    @Transactional
    public int assignAll(Map<String, List<Assignment>> byUser) {
        Map<String, Map<String, String>> current = repository.membershipsOfAll(byUser.keySet());
        Instant now = clock.instant();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> transitions = new ArrayList<>();
        byUser.forEach((userId, assignments) -> {
            Map<String, String> was = current.getOrDefault(userId, Map.of());
            for (Assignment a : assignments) {
                String previous = was.get(a.dimension());
                if (a.segment().equals(previous)) {
                    continue;
                }
                (previous == null ? inserts : updates).add(new Object[] {a.segment(), now, userId,
                        a.dimension()});
                transitions.add(new Object[] {userId, a.dimension(), previous, a.segment(), now,
                        shorten(a.reason())});
            }
        });
        repository.saveMemberships(updates, inserts);
        repository.insertTransitions(transitions);
        return transitions.size();
    }

    /** Locks the users' memberships until the caller's transaction ends (in user order, as {@link #assignAll} does). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockMemberships(Collection<String> userIds) {
        repository.membershipsOfAll(userIds);
    }

    /** The user's segment in every dimension they belong to, lifecycle included. */
    public Map<String, String> membershipsOf(String userId) {
        return repository.memberships(userId);
    }

    /** The id of the user's latest lifecycle transition, if they made any. */
    public Optional<Long> latestStageTransitionId(String userId) {
        return repository.latestTransitionId(userId, LifecycleStage.DIMENSION);
    }

    public List<Transition> transitions(String userId, String dimension) {
        return repository.transitions(userId, dimension);
    }

    /** Every transition of the dimension in time order, streamed (a backtest's whole history). */
    public void forEachTransition(String dimension, Consumer<Transition> each) {
        repository.forEachTransition(dimension, each);
    }

    /** Segment sizes of every dimension that has members. */
    public Map<String, Map<String, Long>> sizes() {
        Map<String, Map<String, Long>> sizes = repository.allSizes();
        sizes.put(LifecycleStage.DIMENSION, stageSizes());
        return sizes;
    }

    /** When somebody last entered the segment, if ever. */
    public Optional<Instant> lastEntered(String dimension, String segment) {
        return repository.lastEntered(dimension, segment);
    }

    public long memberCount(String dimension, String segment) {
        return repository.countMembers(dimension, segment);
    }

    /** A page by number, or with {@code after} (a user id, the cursor of the page before) the members after it. */
    public Page<Member> members(String dimension, String segment, int page, String after, int size) {
        List<Member> members = after != null ? repository.membersAfter(dimension, segment, after, size)
                : repository.members(dimension, segment, (long) page * size, size);
        return new Page<>(after != null ? null : page, size, repository.countMembers(dimension, segment), members,
                members.size() == size ? members.get(size - 1).userId() : null);
    }

    /** The lifecycle stages of many users; users without one are absent. */
    public Map<String, LifecycleStage> stagesOf(Collection<String> userIds) {
        Map<String, LifecycleStage> stages = new HashMap<>();
        repository.segmentsOf(userIds, LifecycleStage.DIMENSION)
                .forEach((userId, segment) -> stages.put(userId, LifecycleStage.valueOf(segment)));
        return stages;
    }

    public Optional<StageMembership> stageOf(String userId) {
        return repository.stageMembership(userId);
    }


    private static String shorten(String reason) {
        return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
    }

    /** Users per lifecycle stage, every stage listed. */
    public Map<String, Long> stageSizes() {
        Map<String, Long> counted = repository.sizes(LifecycleStage.DIMENSION);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            sizes.put(stage.name(), counted.getOrDefault(stage.name(), 0L));
        }
        return sizes;
    }
}
