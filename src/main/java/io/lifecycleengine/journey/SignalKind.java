package io.lifecycleengine.journey;

import io.lifecycleengine.segment.LifecycleStage;
import java.util.EnumSet;
import java.util.Set;

/** The behavior a journey must hear about, and in which stages it matters. */
enum SignalKind {
    START(null, EnumSet.noneOf(LifecycleStage.class)),
    NEW_ACTIVE_DAY(JourneyProcess.Messages.NEW_ACTIVE_DAY, EnumSet.of(LifecycleStage.NEW)),
    INTENT(JourneyProcess.Messages.INTENT_SHOWN, EnumSet.of(LifecycleStage.NEW, LifecycleStage.ACTIVE)),
    ORDER(JourneyProcess.Messages.ORDER_COMPLETED, EnumSet.of(LifecycleStage.HIGH_INTENT)),
    RETURN(JourneyProcess.Messages.USER_RETURNED, EnumSet.of(LifecycleStage.INACTIVE, LifecycleStage.CHURNED));

    private final String message;
    private final Set<LifecycleStage> stages;

    SignalKind(String message, Set<LifecycleStage> stages) {
        this.message = message;
        this.stages = stages;
    }

    String message() {
        return message;
    }

    boolean mattersIn(LifecycleStage stage) {
        return stages.contains(stage);
    }
}
