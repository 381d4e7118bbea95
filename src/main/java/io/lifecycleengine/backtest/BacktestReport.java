package io.lifecycleengine.backtest;

import io.lifecycleengine.messaging.MessageOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a journey did with a historical event log on a simulated clock.
 *
 * @param stageSizes users in each lifecycle stage at the end of each day
 * @param transitions how many times each move (e.g. {@code ACTIVE->INACTIVE}) happened
 * @param messages messages that would have been sent ({@code sent}) or skipped, by kind, outcome and reason
 * @param timeInStage how long users stayed in each stage
 * @param labels per label and flag: how well the journey's flags foretold the label
 */
public record BacktestReport(Summary summary, List<StageDay> stageSizes, Map<String, Long> transitions,
                             List<MessageOutcome> messages, List<StageTime> timeInStage, List<LabelScore> labels) {

    /**
     * @param eventCount the calls stored and replayed
     * @param duplicates the calls left out as their messageId was stored before
     * @param timersPostponed timers that fell due when their date had moved later (an inactivity window the user's
     *                        activity had extended), and waited on instead of firing
     * @param settings the journey windows the run used and where its models came from ({@code models})
     * @param seconds wall-clock time of the replay
     */
    public record Summary(String events, long eventCount, long duplicates, long users, Instant from, Instant to, long timersFired,
                          long timersPostponed, Map<String, String> settings, double seconds) {
    }

    public record StageDay(LocalDate day, Map<String, Long> stages) {
    }

    /**
     * @param stints stays that ended before the end of the run; {@code open} ones were still going at its end
     */
    public record StageTime(String stage, long stints, long open, Double medianDays, Double meanDays) {
    }

    /**
     * How a flag foretold a label such as "withdrawn": a labelled user is caught when flagged before the
     * label's time; flags raised after it are ignored (the user was gone).
     *
     * @param flag {@code inactive} (entered INACTIVE or CHURNED), {@code churned}, {@code disengaged at label} (in
     *        INACTIVE or CHURNED when the label came, or at the end of the run), or {@code baseline: NAME}
     * @param population users seen before the end of the run and before their label, if any
     * @param labelled users of the population with the label
     * @param flagged users of the population the flag marked
     * @param caught labelled users flagged before their label
     * @param medianLeadDays median days between the flag and the label, over the caught users
     */
    public record LabelScore(String label, String flag, long population, long labelled, long flagged, long caught,
                             Double precision, Double recall, Double medianLeadDays) {

        /** The harmonic mean of precision and recall, the figure the windows are tuned on. */
        public Double f1() {
            return precision == null || recall == null || precision + recall == 0 ? null
                    : 2 * precision * recall / (precision + recall);
        }
    }
}
