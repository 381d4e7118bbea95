package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.profile.RecentActivity;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Puts the behavior facts the lifecycle-stage decision reads into the journey: active days and idleness. */
@Component("loadBehaviorProfile")
class LoadBehaviorProfileDelegate implements JavaDelegate {

    private final ProfileService profiles;
    private final JourneyTimers timers;

    LoadBehaviorProfileDelegate(ProfileService profiles, JourneyTimers timers) {
        this.profiles = profiles;
        this.timers = timers;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String userId = ProcessVariables.string(execution, Variables.USER_ID);
        RecentActivity recent = profiles.recentActivityForDecision(userId)
                .orElseThrow(() -> new IllegalStateException("No behavior profile for user " + userId));
        execution.setVariable(Variables.ACTIVE_DAYS_7D, recent.activeDays7d());
        execution.setVariable(Variables.IDLE, timers.idleSince(recent.lastActiveAt()));
    }
}
