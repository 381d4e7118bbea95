package io.lifecycleengine.journey;

import io.lifecycleengine.segment.LifecycleStage;
import java.util.EnumSet;
import java.util.Set;

/** The behavior a journey must hear about, in which stages it matters, and the stage it then leads to. */
enum SignalKind {
    START(null, EnumSet.noneOf(LifecycleStage.class), null),
    // the decision may or may not activate: NEW, which hears everything ACTIVE does
    NEW_ACTIVE_DAY(JourneyProcess.Messages.NEW_ACTIVE_DAY, EnumSet.of(LifecycleStage.NEW), null),
    INTENT(JourneyProcess.Messages.INTENT_SHOWN, EnumSet.of(LifecycleStage.NEW, LifecycleStage.ACTIVE), LifecycleStage.HIGH_INTENT),
    ORDER(JourneyProcess.Messages.ORDER_COMPLETED, EnumSet.of(LifecycleStage.HIGH_INTENT), LifecycleStage.ACTIVE),
    RETURN(JourneyProcess.Messages.USER_RETURNED, EnumSet.of(LifecycleStage.INACTIVE, LifecycleStage.CHURNED), LifecycleStage.ACTIVE);

    private final String message;
    private final Set<LifecycleStage> stages;
    private final LifecycleStage leadsTo;

    SignalKind(String message, Set<LifecycleStage> stages, LifecycleStage leadsTo) {
        this.message = message;
        this.stages = stages;
        this.leadsTo = leadsTo;
    }

    /** The stage a user in {@code stage} will be in once their journey heard this signal. */
    LifecycleStage heardIn(LifecycleStage stage) {
        return leadsTo != null && mattersIn(stage) ? leadsTo : stage;
    }

    String message() {
        return message;
    }

    boolean mattersIn(LifecycleStage stage) {
        return stages.contains(stage);
    }
}
