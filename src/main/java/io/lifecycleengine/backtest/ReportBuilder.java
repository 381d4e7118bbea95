package io.lifecycleengine.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.journey.DecisionFile;
import io.lifecycleengine.messaging.MessagingService;
import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.segment.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Reads what the replay left in the isolated engine's database and scores it against the labels. */
@Component
class ReportBuilder {

    private static final int PAGE = 1_000;
    private static final double DAY_SECONDS = Duration.ofDays(1).toSeconds();
    private static final int MAX_MERGES = 16;

    private final SegmentService segments;
    private final MessagingService messaging;
    private final ProfileService profiles;

    ReportBuilder(SegmentService segments, MessagingService messaging, ProfileService profiles) {
        this.segments = segments;
        this.messaging = messaging;
        this.profiles = profiles;
    }

    BacktestReport build(String eventsName, Backtest.Replayed replayed, Map<String, String> settings, Labels labels,
                         DecisionFile baseline, double seconds, Consumer<String> warnings) {
        Map<String, List<Transition>> byUser = new LinkedHashMap<>();
        Map<String, Long> moves = new TreeMap<>();
        segments.forEachTransition(LifecycleStage.DIMENSION, transition -> {
            byUser.computeIfAbsent(transition.userId(), user -> new ArrayList<>()).add(transition);
            // a journey's first stage comes from its start, not from a stage
            moves.merge((transition.from() == null ? "start" : transition.from()) + "->" + transition.to(), 1L, Long::sum);
        });
        Map<String, BehaviorProfile> users = users();
        BacktestReport.Summary summary = new BacktestReport.Summary(eventsName,
                replayed.events() - replayed.duplicates(), replayed.duplicates(), users.size(), replayed.from(),
                replayed.to(), replayed.timersFired(), replayed.timersPostponed(), settings, seconds);
        List<BacktestReport.LabelScore> scores = new ArrayList<>();
        if (labels != null) {
            scores.addAll(score(labels, users, byUser, baseline, replayed.to(), warnings));
        }
        return new BacktestReport(summary, stageSizes(byUser, replayed.from(), replayed.to()), moves, messaging.outcomes(),
                timeInStage(byUser, replayed.to()), scores);
    }

    private Map<String, BehaviorProfile> users() {
        Map<String, BehaviorProfile> users = new LinkedHashMap<>();
        String after = null;
        List<String> page;
        while (!(page = profiles.userIdsAfter(after, PAGE)).isEmpty()) {
            users.putAll(profiles.findAll(page));
            after = page.get(page.size() - 1);
        }
        return users;
    }

    private static List<BacktestReport.StageDay> stageSizes(Map<String, List<Transition>> byUser, Instant from, Instant to) {
        List<Transition> all = byUser.values().stream().flatMap(List::stream)
                .sorted((a, b) -> a.at().compareTo(b.at())).toList();
        Map<String, String> stageOf = new HashMap<>();
        List<BacktestReport.StageDay> days = new ArrayList<>();
        int next = 0;
        for (LocalDate day = utcDay(from); !day.isAfter(utcDay(to)); day = day.plusDays(1)) {
            Instant endOfDay = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            while (next < all.size() && all.get(next).at().isBefore(endOfDay)) {
                Transition transition = all.get(next++);
                if (transition.to().equals(SegmentService.MERGED)) {
                    stageOf.remove(transition.userId());
                } else {
                    stageOf.put(transition.userId(), transition.to());
                }
            }
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (LifecycleStage stage : LifecycleStage.values()) {
                sizes.put(stage.name(), 0L);
            }
            stageOf.values().forEach(stage -> sizes.merge(stage, 1L, Long::sum));
            days.add(new BacktestReport.StageDay(day, sizes));
        }
        return days;
    }

    private static List<BacktestReport.StageTime> timeInStage(Map<String, List<Transition>> byUser, Instant to) {
        Map<String, List<Double>> stints = new LinkedHashMap<>();
        Map<String, Long> open = new LinkedHashMap<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            stints.put(stage.name(), new ArrayList<>());
            open.put(stage.name(), 0L);
        }
        Map<List<Object>, Transition> leftByMerge = new HashMap<>();
        byUser.values().forEach(transitions -> {
            for (int i = 1; i < transitions.size(); i++) {
                Transition left = transitions.get(i);
                if (left.to().equals(SegmentService.MERGED) && left.journeyId() != null) {
                    leftByMerge.put(List.of(left.journeyId(), left.at(), left.from()), transitions.get(i - 1));
                }
            }
        });
        byUser.values().forEach(transitions -> {
            for (int i = 0; i < transitions.size(); i++) {
                Transition entered = transitions.get(i);
                if (entered.to().equals(SegmentService.MERGED)
                        || i + 1 < transitions.size() && transitions.get(i + 1).to().equals(SegmentService.MERGED)) {
                    // a stay cut short by an alias ended by no behavior of the user's
                    continue;
                }
                if (i + 1 < transitions.size()) {
                    stints.get(entered.to()).add(days(stayBegan(entered, leftByMerge), transitions.get(i + 1).at()));
                } else if (!entered.at().isAfter(to)) {
                    open.merge(entered.to(), 1L, Long::sum);
                }
            }
        });
        return stints.entrySet().stream().map(entry -> new BacktestReport.StageTime(entry.getKey(), entry.getValue().size(),
                open.get(entry.getKey()), median(entry.getValue()),
                entry.getValue().isEmpty() ? null : entry.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow()))
                .toList();
    }

    /**
     * When the stay began: a stay the surviving user of an alias entered by taking over the merged user's journey
     * ({@code SegmentService.takeOver}: MERGED → the journey's stage) began when the merged user entered that stage.
     */
    private static Instant stayBegan(Transition entered, Map<List<Object>, Transition> leftByMerge) {
        Transition began = entered;
        for (int merges = 0; SegmentService.MERGED.equals(began.from()) && began.journeyId() != null && merges < MAX_MERGES;
             merges++) {
            Transition before = leftByMerge.get(List.of(began.journeyId(), began.at(), began.to()));
            if (before == null) {
                break;
            }
            began = before;
        }
        return began.at();
    }

    private static List<BacktestReport.LabelScore> score(Labels labels, Map<String, BehaviorProfile> users,
                                                         Map<String, List<Transition>> byUser, DecisionFile baseline, Instant to,
                                                         Consumer<String> warnings) {
        Map<String, Map<String, Instant>> byLabel = new TreeMap<>();
        labels.labels().forEach(label -> byLabel.computeIfAbsent(label.label(), name -> new HashMap<>())
                .merge(label.userId(), label.at(), (a, b) -> a.isBefore(b) ? a : b));
        List<String> unknown = labels.labels().stream().map(Labels.Label::userId).distinct()
                .filter(user -> !users.containsKey(user)).toList();
        if (!unknown.isEmpty()) {
            // ids written otherwise than in the events (a prefix, leading zeros) would otherwise just score nothing
            warnings.accept(String.format(Locale.ROOT, "%,d of %,d labelled users never appear in the events, left out of the"
                    + " scores (%s)", unknown.size(), labels.labels().stream().map(Labels.Label::userId).distinct().count(),
                    String.join(", ", unknown.subList(0, Math.min(3, unknown.size()))) + (unknown.size() > 3 ? ", ..." : "")));
        }
        // the flags that do not depend on the label are raised once for all labels
        Map<String, Instant> inactive = new HashMap<>();
        Map<String, Instant> churned = new HashMap<>();
        byUser.forEach((user, transitions) -> transitions.forEach(transition -> {
            if (transition.to().equals(LifecycleStage.INACTIVE.name()) || transition.to().equals(LifecycleStage.CHURNED.name())) {
                inactive.putIfAbsent(user, transition.at());
            }
            if (transition.to().equals(LifecycleStage.CHURNED.name())) {
                churned.putIfAbsent(user, transition.at());
            }
        }));
        Map<String, Instant> flaggedByBaseline = new HashMap<>();
        if (baseline != null) {
            List<String> undecided = new ArrayList<>();
            users.forEach((user, profile) -> {
                try {
                    if (Boolean.TRUE.equals(baseline.evaluate(traits(profile)).get("flagged"))) {
                        flaggedByBaseline.put(user, profile.firstSeenAt());
                    }
                } catch (RuntimeException undecidable) {
                    // a trait the table reads as another type ('n/a' for an integer), a FEEL error: the run's report stays
                    undecided.add(user + ": " + undecidable.getMessage());
                }
            });
            if (!undecided.isEmpty()) {
                warnings.accept(String.format(Locale.ROOT, "the baseline '%s' could not decide for %,d of %,d users, counted as not"
                        + " flagged (%s)", baseline.name(), undecided.size(), users.size(), undecided.get(0)));
            }
        }
        List<BacktestReport.LabelScore> scores = new ArrayList<>();
        byLabel.forEach((label, labelledAt) -> {
            scores.add(score(label, "inactive", labelledAt, inactive, users, to));
            scores.add(score(label, "churned", labelledAt, churned, users, to));
            scores.add(score(label, "disengaged at label", labelledAt, disengagedAt(byUser, labelledAt, to), users, to));
            if (baseline != null) {
                scores.add(score(label, "baseline: " + baseline.name(), labelledAt, flaggedByBaseline, users, to));
            }
        });
        return scores;
    }

    /**
     * Users in INACTIVE or CHURNED at their label's time (without the label: at the end of the run), flagged
     * since the start of that stretch: the journey's belief when it mattered, not any lapse before.
     */
    private static Map<String, Instant> disengagedAt(Map<String, List<Transition>> byUser, Map<String, Instant> labelledAt,
                                                     Instant to) {
        Map<String, Instant> flagged = new HashMap<>();
        byUser.forEach((user, transitions) -> {
            Instant left = labelledAt.get(user);
            Instant reference = left != null && left.isBefore(to) ? left : to;
            Instant since = null;
            for (Transition transition : transitions) {
                if (transition.at().isAfter(reference)) {
                    break;
                }
                boolean disengaged = transition.to().equals(LifecycleStage.INACTIVE.name())
                        || transition.to().equals(LifecycleStage.CHURNED.name());
                since = disengaged ? (since == null ? transition.at() : since) : null;
            }
            if (since != null) {
                flagged.put(user, since);
            }
        });
        return flagged;
    }

    private static BacktestReport.LabelScore score(String label, String flag, Map<String, Instant> labelledAt,
                                                   Map<String, Instant> flaggedAt, Map<String, BehaviorProfile> users, Instant to) {
        long population = 0;
        long labelled = 0;
        long flagged = 0;
        List<Double> leads = new ArrayList<>();
        for (BehaviorProfile user : users.values()) {
            Instant seen = user.firstSeenAt();
            Instant left = labelledAt.get(user.userId());
            if (seen.isAfter(to) || (left != null && !left.isAfter(seen))) {
                continue;
            }
            population++;
            labelled += left != null ? 1 : 0;
            Instant raised = flaggedAt.get(user.userId());
            if (raised == null || raised.isAfter(to) || (left != null && raised.isAfter(left))) {
                continue;
            }
            flagged++;
            if (left != null) {
                leads.add(days(raised, left));
            }
        }
        return new BacktestReport.LabelScore(label, flag, population, labelled, flagged, leads.size(),
                flagged == 0 ? null : (double) leads.size() / flagged,
                labelled == 0 ? null : (double) leads.size() / labelled, median(leads));
    }

    /** A user's traits as DMN inputs, by name; absent traits are null. */
    private static Map<String, Object> traits(BehaviorProfile profile) {
        Map<String, Object> traits = new HashMap<>();
        JsonNode node = profile.traits();
        if (node != null) {
            node.fields().forEachRemaining(field -> traits.put(field.getKey(), field.getValue().isNumber()
                    ? field.getValue().numberValue() : field.getValue().isBoolean() ? field.getValue().booleanValue()
                    : field.getValue().isNull() ? null : field.getValue().asText()));
        }
        return new TraitInputs(traits);
    }

    /** Unknown traits read as null, so that a table may name traits some users lack. */
    private static final class TraitInputs extends HashMap<String, Object> {
        TraitInputs(Map<String, Object> traits) {
            super(traits);
        }

        @Override
        public boolean containsKey(Object key) {
            return true;
        }
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / DAY_SECONDS;
    }

    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static LocalDate utcDay(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
