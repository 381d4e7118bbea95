package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import io.lifecycleengine.messaging.MessageRequest;
import io.lifecycleengine.messaging.MessagingService;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.support.ModelFiles;
import io.lifecycleengine.support.TakenFlows;
import io.lifecycleengine.support.TestMail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Every path of {@code user-lifecycle.bpmn}, with the real delegates, decision table, database and
 * SMTP server; events arrive over HTTP, jobs and timers run by hand on the engine's clock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class UserLifecycleProcessTest extends JourneyTest {

    private static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T09:00:00Z");

    @Autowired
    private MessagingService messaging;

    @Autowired
    private SendRecovery sendRecovery;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ProfileService profiles;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private ObjectMapper json;

    private String user;

    @BeforeEach
    void newUser() {
        setClock(MONDAY_MORNING);
        user = newUserId("journey");
    }

    @Test
    void firstEventStartsOneJourneyAsNewAndSendsWelcome() {
        signUp();

        ProcessInstance journey = driver.journey(user);
        assertThat(journey).isWaitingAt("Gateway_WaitNew").hasPassed("Task_MoveToNew", "Task_SendWelcome");
        assertThat(stage()).isEqualTo("NEW");
        assertThat(transitions()).containsExactly("null->NEW: first event");
        assertThat(TestMail.subjectsTo(emailOf(user))).containsExactly("Acme: welcome aboard, Ada");
        assertThat(messages()).containsExactly("welcome:sent");
    }

    @Test
    void secondActiveDayWithinAWeekActivatesWithFeatureGuide() {
        signUp();
        track("Report Viewed");
        driver.advance(Duration.ofDays(2));
        track("Report Viewed");

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive")
                .hasPassed("Task_DecideStageNew", "Task_MoveToActiveActivated", "Task_SendFeatureGuide");
        assertThat(stage()).isEqualTo("ACTIVE");
        assertThat(transitions()).last().isEqualTo("NEW->ACTIVE: activated: 2 active days in 7");
        assertThat(lastSubject()).isEqualTo("Ada, the features that make Acme worth it");
        assertThat(lastText()).contains("Here is what people who stick with Acme use next")
                .doesNotContain("like a pro");
    }

    @Test
    void anAnalystRaisingTheActivationThresholdInTheTableKeepsATwoDayUserNew() throws Exception {
        String table = ModelFiles.read("/bpmn/lifecycle-stage.dmn");
        deployLifecycleStage(table.replace("<text>&gt;= 2</text>", "<text>&gt;= 3</text>")
                .replace("at least 2 distinct active days", "at least 3 distinct active days"));
        try {
            signUp();
            track("Report Viewed");
            driver.advance(Duration.ofDays(2));
            track("Report Viewed");
            assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitNew");
            assertThat(stage()).isEqualTo("NEW");

            driver.advance(Duration.ofDays(1));
            track("Report Viewed");
            assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive");
            assertThat(transitions()).last().isEqualTo("NEW->ACTIVE: activated: 3 active days in 7");
        } finally {
            deployLifecycleStage(table);
        }
    }

    private void deployLifecycleStage(String dmn) {
        engine.getRepositoryService().createDeployment().name("analyst-edit").addString("lifecycle-stage.dmn", dmn).deploy();
    }

    @Test
    void aPowerUserGetsThePowerUserFeatureGuide() {
        signUp();
        for (int day = 0; day < 12; day++) {
            for (int event = 0; event < 5; event++) {
                client.ingest("/v1/track", Map.of("userId", user, "event", "Feature Used",
                        "timestamp", MONDAY_MORNING.minus(Duration.ofDays(day)).plusSeconds(event).toString()));
            }
        }
        driver.settle(user);

        assertThat(client.getJson("/api/users/" + user).path("segments").path("usage").asText()).isEqualTo("power-user");
        assertThat(lastSubject()).isEqualTo("Ada, the features that make Acme worth it");
        assertThat(lastText()).contains("You already use Acme like a pro");
    }

    @Test
    void newActiveDayBelowTheThresholdKeepsUserNew() {
        signUp();
        track("Report Viewed");
        driver.advance(Duration.ofDays(8));
        track("Report Viewed");

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitNew").hasPassed("Task_DecideStageNew")
                .hasNotPassed("Task_MoveToActiveActivated");
        assertThat(stage()).isEqualTo("NEW");
    }

    @Test
    void pricingPageMovesNewUserToHighIntentWithUpgradePrompt() {
        signUp();
        client.ingest("/v1/page", Map.of("userId", user, "name", "Plans", "properties", Map.of("path", "/pricing")));
        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitHighIntent");
        assertThat(stage()).isEqualTo("HIGH_INTENT");
        assertThat(transitions()).last().isEqualTo("NEW->HIGH_INTENT: intent: pricing-page");
        assertThat(lastSubject()).isEqualTo("Ada, ready to get more out of Acme?");
        assertThat(lastText()).contains("You were looking at our plans");
    }

    @Test
    void onboardingWindowWithoutActivationMakesUserInactive() {
        signUp();
        assertThat(driver.timerDue(user)).isEqualTo(MONDAY_MORNING.plus(Duration.ofDays(7)));

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitInactive").hasPassed("Event_OnboardingOver");
        assertThat(stage()).isEqualTo("INACTIVE");
        assertThat(transitions()).last().isEqualTo("NEW->INACTIVE: onboarding window passed without activation");
        assertThat(lastSubject()).isEqualTo("We have missed you at Acme, Ada");
    }

    @Test
    void aNewActiveDayThatDoesNotActivateLeavesTheOnboardingWindowWhereItWas() {
        signUp();
        driver.advance(Duration.ofDays(7).minusHours(1));
        track("Report Viewed");
        assertThat(stage()).as("one active day in the last seven").isEqualTo("NEW");

        assertThat(driver.timerDue(user)).as("still seven days after the first event")
                .isEqualTo(MONDAY_MORNING.plus(Duration.ofDays(7)));
        driver.fireTimer(user);
        assertThat(transitions()).last().isEqualTo("NEW->INACTIVE: onboarding window passed without activation");
        assertThat(lastSubject()).isEqualTo("We have missed you at Acme, Ada");
        assertThat(lastText()).as("an hour ago is no absence to count").doesNotContain("days since your last visit");
    }

    @Test
    void orderAfterIntentConvertsToActiveWithThanks() {
        activate();
        track("Product Added");
        assertThat(lastText()).contains("You left something in your cart");
        track("Order Completed", Map.of("revenue", 49.9));

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Task_MoveToActiveConverted");
        assertThat(transitions()).last().isEqualTo("HIGH_INTENT->ACTIVE: converted: order completed after cart");
        assertThat(lastSubject()).isEqualTo("Thank you for your order, Ada");
        assertThat(client.getJson("/api/users/" + user).path("profile").path("revenue").decimalValue())
                .isEqualByComparingTo("49.9");
    }

    @Test
    void lapsedIntentOfActivatedUserReturnsToActiveWithFollowUp() {
        activate();
        track("Demo Requested");
        driver.advance(Duration.ofDays(3));
        track("Report Viewed");

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Task_SendHighIntentFollowUp");
        assertThat(transitions()).last().isEqualTo("HIGH_INTENT->ACTIVE: high intent lapsed without conversion");
        assertThat(lastSubject()).isEqualTo("Ada, still thinking it over?");
        assertThat(lastText()).as("the demo requester's variant").contains("Book your demo").doesNotContain("cart");
    }

    @Test
    void lapsedIntentOfUnactivatedUserReturnsToNew() {
        signUp();
        track("Checkout Started");

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitNew");
        assertThat(transitions()).last().isEqualTo("HIGH_INTENT->NEW: high intent lapsed without conversion");
        assertThat(lastSubject()).isEqualTo("Ada, still thinking it over?");
        assertThat(lastText()).as("the cart abandoner's variant").contains("Return to your cart").doesNotContain("demo");
    }

    /** The onboarding window is no longer than the high-intent window: a user lapsing back to NEW is past it. */
    @Test
    void anUnactivatedUserWhoseIntentLapsesBackToNewBecomesInactiveAtOnceAsTheOnboardingWindowIsOver() {
        signUp();
        track("Checkout Started");
        driver.fireTimer(user);
        assertThat(stage()).isEqualTo("NEW");
        assertThat(driver.timerDue(user)).as("the onboarding window ended with the high-intent one").isBeforeOrEqualTo(now());

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitInactive").hasPassed("Event_OnboardingOver");
        assertThat(transitions()).endsWith("HIGH_INTENT->NEW: high intent lapsed without conversion",
                "NEW->INACTIVE: onboarding window passed without activation");
        assertThat(messages()).endsWith("high-intent-follow-up:sent", "re-engagement:sent");
        assertThat(lastText()).contains("It has been 7 days since your last visit.");
    }

    @Test
    void lapsedIntentOfIdleUserMovesToInactive() {
        activate();
        track("Pricing Page Viewed");
        driver.advance(Duration.ofDays(20));

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitInactive");
        assertThat(transitions()).last().isEqualTo("HIGH_INTENT->INACTIVE: high intent lapsed without conversion");
    }

    @Test
    void inactivityTimerFollowsLastActivityWithoutTouchingTheEngine() {
        activate();
        Instant firstDue = driver.timerDue(user);
        assertThat(firstDue).isEqualTo(lastActivity().plus(Duration.ofDays(14)));

        driver.advance(Duration.ofDays(10));
        track("Report Viewed");
        assertThat(driver.timerDue(user)).as("ordinary events do not move the timer").isEqualTo(firstDue);

        driver.fireTimer(user);

        assertThat(driver.journey(user)).as("the timer waited on: no step, no decision")
                .isWaitingAt("Gateway_WaitActive").hasNotPassed("Task_LoadBehaviorActive", "Task_DecideStageActive");
        assertThat(stage()).isEqualTo("ACTIVE");
        assertThat(driver.timerDue(user)).as("due again at the window's end from the last activity")
                .isEqualTo(lastActivity().plus(Duration.ofDays(14)))
                .isAfter(firstDue.plus(Duration.ofDays(9)));

        driver.fireTimer(user);

        assertThat(transitions()).last().isEqualTo("ACTIVE->INACTIVE: no activity within the inactivity window");
    }

    /**
     * A journey whose user has no profile any more cannot decide the stage: its inactivity timer fails into an incident
     * that names the cause, as the decision's profile load did, instead of waiting on a window from now every time.
     */
    @Test
    void anInactivityTimerOfAUserWithoutProfileEndsInAnIncident() {
        activate();
        Instant due = driver.timerDue(user);
        new TransactionTemplate(transactions).executeWithoutResult(status -> profiles.forget(user));
        setClock(due);
        String journeyId = driver.journey(user).getId();

        for (int attempt = 0; attempt < 3; attempt++) {
            String timer = engine.getManagementService().createJobQuery().processInstanceId(journeyId).timers()
                    .singleResult().getId();
            assertThatThrownBy(() -> engine.getManagementService().executeJob(timer))
                    .hasMessageContaining("No behavior profile for user " + user);
        }

        Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(journeyId).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentMessage()).contains("No behavior profile for user " + user);
        assertThat(incident.getActivityId()).isEqualTo("Event_InactivityDue");
        // a journey without a profile would fail every later migration of it in the tests sharing this database
        forgetJourneysOf(user);
    }

    /**
     * The inactivity timer fires while an event of the user is being written: the timer's decision waits for the event
     * instead of reading the profile from before it, which moved a user who had just come back to INACTIVE (and sent
     * them the re-engagement mail); the event, having read ACTIVE, raised no return. The journey finds the user active
     * and waits again.
     */
    @Test
    void anEventBeingWrittenAsTheInactivityTimerFiresKeepsTheUserActive() throws Exception {
        activate();
        Instant due = driver.timerDue(user);
        setClock(due);

        TransactionStatus event = transactions.getTransaction(TransactionDefinition.withDefaults());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread timer = new Thread(() -> {
            try {
                driver.fireTimer(user);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "inactivity-timer-under-test");
        try {
            BehaviorEvent now = new BehaviorEvent(UUID.randomUUID().toString(), EventType.TRACK, user, null, null,
                    "Report Viewed", json.createObjectNode(), json.createObjectNode(), due, due, "{}");
            profiles.applyBatch(Map.of(user, List.of(now)));
            timer.start();
            awaitLockWait(timer);
        } finally {
            transactions.commit(event);
        }
        timer.join(30_000);

        assertThat(failed.get()).isNull();
        assertThat(stage()).isEqualTo("ACTIVE");
        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Task_DecideStageActive");
        assertThat(driver.timerDue(user)).as("re-armed from the new activity").isAfter(due);
    }

    /** Until the timer's job reads the profile (it then waits for the event's lock), and a while more. */
    private static void awaitLockWait(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Arrays.stream(thread.getStackTrace()).noneMatch(frame -> frame.getClassName().endsWith("LoadBehaviorProfileDelegate"))) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(5);
        }
        Thread.sleep(500);
    }

    @Test
    void activeUserWithoutActivityForTheWindowBecomesInactive() {
        activate();

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitInactive");
        assertThat(transitions()).last().isEqualTo("ACTIVE->INACTIVE: no activity within the inactivity window");
        assertThat(lastSubject()).isEqualTo("We have missed you at Acme, Ada");
        assertThat(lastText()).contains("It has been 14 days since your last visit.");
    }

    @Test
    void inactiveUserWhoComesBackIsReactivatedWithWelcomeBack() {
        activate();
        driver.fireTimer(user);
        track("Report Viewed");

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Event_InactiveReturned");
        assertThat(transitions()).last().isEqualTo("INACTIVE->ACTIVE: reactivated: activity after inactivity");
        assertThat(lastSubject()).isEqualTo("Welcome back to Acme, Ada!");
    }

    @Test
    void inactiveUserGetsAReminderFiveDaysAfterTheReEngagement() {
        activate();
        driver.fireTimer(user);
        assertThat(driver.timerDue(user)).isEqualTo(lastActivity().plus(Duration.ofDays(14 + 5)));

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitInactiveReminded").hasPassed("Task_SendReEngagementReminder");
        assertThat(stage()).as("a reminder is no transition").isEqualTo("INACTIVE");
        assertThat(messages()).endsWith("re-engagement:sent", "re-engagement-reminder:sent");
        assertThat(lastSubject()).isEqualTo("Ada, your Acme account is still here");
        assertThat(lastText()).as("no purchase yet").contains("Take the two-minute tour");
    }

    @Test
    void reEngagementSpeaksToWhatTheUserReadAndItsReminderToWhatTheyBought() {
        signUp();
        track("Article Viewed");
        track("Order Completed", Map.of("revenue", 20));
        driver.advance(Duration.ofDays(2));
        track("Article Read");
        assertThat(stage()).isEqualTo("ACTIVE");

        driver.fireTimer(user);
        assertThat(lastText()).as("blog reader").contains("We have published new articles");
        driver.fireTimer(user);
        assertThat(lastText()).as("first-time buyer").contains("See your orders").doesNotContain("two-minute tour");
    }

    @Test
    void inactiveUserWhoComesBackOnThePricingPageIsReactivatedAndHeardAsHighIntent() {
        activate();
        driver.fireTimer(user);
        assertThat(stage()).isEqualTo("INACTIVE");

        track("Pricing Page Viewed");

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitHighIntent").hasPassed("Event_InactiveReturned", "Event_ActiveIntent");
        assertThat(transitions()).endsWith("INACTIVE->ACTIVE: reactivated: activity after inactivity",
                "ACTIVE->HIGH_INTENT: intent: pricing-page");
        assertThat(messages()).endsWith("welcome-back:sent", "upgrade-prompt:sent");
    }

    @Test
    void archivedUserWhoComesBackWithADemoRequestIsReactivatedAndHeardAsHighIntent() {
        churn();
        driver.fireTimer(user);

        track("Demo Requested");

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitHighIntent").hasPassed("Task_MoveToActiveReactivated");
        assertThat(transitions()).endsWith("CHURNED->ACTIVE: reactivated: activity after inactivity",
                "ACTIVE->HIGH_INTENT: intent: demo");
    }

    @Test
    void userWhoComesBackAfterTheReminderIsReactivated() {
        activate();
        driver.fireTimer(user);
        driver.fireTimer(user);
        track("Report Viewed");

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Event_RemindedReturned");
        assertThat(transitions()).last().isEqualTo("INACTIVE->ACTIVE: reactivated: activity after inactivity");
    }

    @Test
    void inactiveUserChurnsAfterTheChurnWindowWithWinBack() {
        activate();
        driver.fireTimer(user);
        driver.fireTimer(user);
        assertThat(driver.timerDue(user)).isEqualTo(lastActivity().plus(Duration.ofDays(30)));

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitChurned");
        assertThat(stage()).isEqualTo("CHURNED");
        assertThat(transitions()).last().isEqualTo("INACTIVE->CHURNED: no activity within the churn window");
        assertThat(lastSubject()).isEqualTo("Ada, come back to Acme: here is something for you");
    }

    @Test
    void aReminderDueNoEarlierThanChurnLeavesTheUserToChurnWithoutIt() {
        activate();
        track("Pricing Page Viewed");
        driver.advance(Duration.ofDays(27));
        driver.fireTimer(user);
        assertThat(stage()).isEqualTo("INACTIVE");
        assertThat(driver.timerDue(user)).as("the reminder would come after the churn window: due with it")
                .isEqualTo(lastActivity().plus(Duration.ofDays(30)));

        driver.fireTimer(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitChurned").hasPassed("Event_ReminderDue", "Task_MoveToChurned")
                .hasNotPassed("Task_SendReEngagementReminder");
        assertThat(transitions()).last().isEqualTo("INACTIVE->CHURNED: no activity within the churn window");
    }

    @Test
    void churnedUserWhoComesBackIsReactivated() {
        churn();
        client.ingest("/v1/page", Map.of("userId", user, "name", "Home"));
        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Event_ChurnedReturned");
        assertThat(transitions()).last().isEqualTo("CHURNED->ACTIVE: reactivated: activity after inactivity");
        assertThat(lastSubject()).isEqualTo("Welcome back to Acme, Ada!");
    }

    @Test
    void archivedJourneyEndsAndAReturnStartsANewJourneyThatReactivates() {
        churn();
        ProcessInstance first = driver.journey(user);
        driver.fireTimer(user);

        assertThat(first).isEnded().hasPassed("Task_ArchiveJourney", "EndEvent_Archived");
        assertThat(stage()).isEqualTo("CHURNED");

        track("Report Viewed");
        ProcessInstance second = driver.journey(user);
        assertThat(second.getId()).isNotEqualTo(first.getId());
        assertThat(second).isWaitingAt("Gateway_WaitActive").hasPassed("Task_MoveToActiveReactivated")
                .hasNotPassed("Task_MoveToNew");
        assertThat(transitions()).last().isEqualTo("CHURNED->ACTIVE: reactivated: activity after inactivity");
        assertThat(lastSubject()).isEqualTo("Welcome back to Acme, Ada!");
    }

    @Test
    void intentOnTheVeryFirstEventIsHeardOnceTheWelcomeIsOut() {
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user), "firstName", "Ada")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Demo Requested"));
        assertThat(signals.pendingFor(user)).as("the journey is still sending the welcome").isEqualTo(1);

        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitHighIntent");
        assertThat(TestMail.subjectsTo(emailOf(user)))
                .containsExactly("Acme: welcome aboard, Ada", "Ada, ready to get more out of Acme?");
    }

    @Test
    void aSignalHeldBackWhileTheJourneyWasBusyIsDueTheMomentTheJourneyWaits() {
        setClock(now());
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user), "firstName", "Ada")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Demo Requested"));
        signals.retryDue();
        assertThat(signals.pendingFor(user)).as("held back with a backoff: the welcome is not out").isEqualTo(1);

        driver.runAsyncJobs(user);
        signals.retryDue();

        assertThat(signals.pendingFor(user)).as("heard without the clock moving past the backoff").isZero();
        assertThat(driver.journey(user)).isWaitingAt("Task_SendUpgradePrompt");
    }

    @Test
    void aSignalTheJourneyCouldNotTakeForTheGiveUpTimeIsDroppedCountedAndLogged(CapturedOutput log) {
        setClock(now());
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user), "firstName", "Ada")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Demo Requested"));
        double before = givenUp("INTENT");

        setClock(now().plus(Duration.ofHours(24)).plusSeconds(1));
        signals.retryDue();

        assertThat(signals.pendingFor(user)).as("dropped: the journey was still sending the welcome").isZero();
        assertThat(givenUp("INTENT")).isEqualTo(before + 1);
        assertThat(log.getOut()).contains("Giving up signal INTENT for user " + user);
        driver.runAsyncJobs(user);
        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitNew");
    }

    private double givenUp(String kind) {
        Counter counter = meters.find(SignalInbox.GIVEN_UP).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void concurrentFirstEventsStartExactlyOneJourney() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> posts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posts.add(pool.submit(() -> client.ingest("/v1/track", Map.of("userId", user, "event", "App Opened"))));
        }
        for (Future<?> post : posts) {
            post.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        driver.settle(user);

        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY).processInstanceBusinessKey(user).count())
                .isEqualTo(1);
        assertThat(transitions()).containsExactly("null->NEW: first event");
    }

    @Test
    void smtpOutageRetriesIntoAnIncidentAndDeliversExactlyOnceAfterRecovery(CapturedOutput log) {
        TestMail.stop();
        // the tests' configuration silences the engine's command failures; here they are what is checked
        Logger engineContext = (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.context");
        Level testLevel = engineContext.getLevel();
        engineContext.setLevel(Level.ERROR);
        int attempts = 0;
        try {
            client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));
            int retriesLeft;
            do {
                retriesLeft = driver.failCurrentJob(user);
                attempts++;
                driver.advance(Duration.ofHours(3));
            } while (retriesLeft > 0 && attempts < 10);
        } finally {
            engineContext.setLevel(testLevel);
            TestMail.restart();
        }
        String journeyId = driver.journey(user).getId();
        assertThat(attempts).as("attempts before the incident").isGreaterThanOrEqualTo(4);
        Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(journeyId).singleResult();
        assertThat(incident.getActivityId()).as("shown on the journey's send step").isEqualTo("Task_SendWelcome");
        assertThat(messages()).containsExactly("welcome:failed");
        assertThat(StringUtils.countOccurrencesOf(log.getOut(), "Message welcome for user " + user + " failed"))
                .as("one warning per failed attempt").isEqualTo(attempts);
        assertThat(StringUtils.countOccurrencesOf(log.getOut(), "ENGINE-16004")).as("no stack trace of the engine's per attempt").isZero();
        assertThat(engine.getProcessEngineConfiguration().isEnableReducedJobExceptionLogging())
                .as("the job executor logs a failing job once, when its last retry failed").isTrue();

        Incident cause = engine.getRuntimeService().createIncidentQuery().incidentId(incident.getRootCauseIncidentId())
                .singleResult();
        assertThat(cause.getActivityId()).isEqualTo("Task_SendMessage");
        engine.getManagementService().setJobRetries(cause.getConfiguration(), 1);
        driver.settle(user);

        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(journeyId).count()).isZero();
        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitNew");
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
        assertThat(messages()).containsExactly("welcome:sent");
        List<String> history = new ArrayList<>();
        client.getJson("/api/users/" + user + "/messages").get(0).path("history")
                .forEach(step -> history.add(step.path("status").asText()));
        List<String> expected = new ArrayList<>(List.of("queued"));
        expected.addAll(Collections.nCopies(attempts, "failed"));
        expected.add("sent");
        assertThat(history).as("the message's status history").containsExactlyElementsOf(expected);
    }

    @Test
    void failedSendsAreRetriedAsSoonAsTheMailServerAnswersAgain() {
        TestMail.stop();
        try {
            client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));
            assertThat(driver.failCurrentJob(user)).as("retries left after the first failure").isPositive();
            assertThat(sendRecovery.retryFailedSendsIfMailServerBack()).as("while the mail server is down").isZero();
        } finally {
            TestMail.restart();
        }
        assertThat(driver.currentAsyncJob(user).getDuedate()).as("next retry step").isAfter(Date.from(JourneyDriver.now()));

        assertThat(sendRecovery.retryFailedSendsIfMailServerBack()).isEqualTo(1);

        assertThat(driver.currentAsyncJob(user).getDuedate()).as("retried now").isBeforeOrEqualTo(Date.from(JourneyDriver.now()));
        driver.settle(user);
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
        assertThat(messages()).containsExactly("welcome:sent");
        assertThat(sendRecovery.retryFailedSendsIfMailServerBack()).as("nothing left to retry").isZero();
    }

    @Test
    void aSendRepeatedAfterTheMailWentOutDoesNotMailAgain() {
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));
        ProcessInstance journey = driver.journey(user);
        long transitionId = ((Number) engine.getRuntimeService()
                .getVariable(journey.getId(), JourneyProcess.Variables.LAST_TRANSITION_ID)).longValue();
        // the job's first run got the mail out, then its transaction was lost: the retry must not mail again
        messaging.deliver(new MessageRequest(journey.getId() + ":" + transitionId + ":welcome", user, "welcome",
                journey.getId()));
        assertThat(TestMail.to(emailOf(user))).hasSize(1);

        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitNew");
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
        assertThat(messages()).containsExactly("welcome:sent");
        assertThat(client.getJson("/api/users/" + user + "/messages").get(0).path("history").findValuesAsText("status"))
                .as("sent once, asked twice").containsExactly("queued", "sent");
    }

    @Test
    void simultaneousSignalsOfOneUserMakeExactlyOneTransitionEach() throws Exception {
        signUp();
        List<String> intents = List.of("Product Added", "Pricing Page Viewed", "Demo Requested", "Checkout Started",
                "Product Added", "Demo Requested");
        concurrently(intents.stream().map(event -> (Runnable) () ->
                client.ingest("/v1/track", Map.of("userId", user, "event", event))).toList());
        driver.settle(user);

        assertThat(stage()).isEqualTo("HIGH_INTENT");
        concurrently(List.of(1, 2, 3, 4).stream().map(n -> (Runnable) () -> client.ingest("/v1/track",
                Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", n)))).toList());
        driver.settle(user);

        assertThat(transitions()).hasSize(3).element(1).asString().startsWith("NEW->HIGH_INTENT: intent: ");
        assertThat(transitions()).last().asString().startsWith("HIGH_INTENT->ACTIVE: converted");
        assertThat(messages()).containsExactly("welcome:sent", "upgrade-prompt:sent", "order-thanks:sent");
        assertThat(TestMail.to(emailOf(user))).hasSize(3);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("purchases").asInt()).isEqualTo(4);
    }

    private static void concurrently(List<Runnable> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            calls.forEach(call -> running.add(pool.submit(call)));
            for (Future<?> call : running) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Runs last when the whole class runs: the tests above together take every path of the journey. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theTestsAboveTakeEveryPathOfTheJourney() {
        assertThat(TakenFlows.untakenIn(engine, JourneyProcess.PROCESS_KEY)).isEmpty();
    }

    /** Every step but the gateways between steps leaves an activity instance in Camunda's history. */
    @Test
    @Order(Integer.MAX_VALUE)
    void historyKeepsEveryStepButNoGateway() {
        var definition = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(JourneyProcess.PROCESS_KEY).latestVersion().singleResult();
        Map<Boolean, Set<String>> nodesByGateway = engine.getRepositoryService().getBpmnModelInstance(definition.getId())
                .getModelElementsByType(FlowNode.class).stream().collect(Collectors.partitioningBy(
                        node -> node instanceof Gateway, Collectors.mapping(FlowNode::getId, Collectors.toSet())));
        Set<String> recorded = TakenFlows.recordedActivities(engine, definition.getId());

        assertThat(recorded).containsAll(nodesByGateway.get(false)).doesNotContainAnyElementsOf(nodesByGateway.get(true));
    }

    /** identify with email and name, the journey's welcome sent. */
    private void signUp() {
        journeyUser().signUp();
    }

    /** Signed up and active on two days: ACTIVE, two days after MONDAY_MORNING. */
    private void activate() {
        journeyUser().activate();
    }

    /** Activated, then inactive, reminded, and churned. */
    private void churn() {
        activate();
        driver.fireTimer(user);
        driver.fireTimer(user);
        driver.fireTimer(user);
        assertThat(stage()).isEqualTo("CHURNED");
    }

    private void track(String event) {
        track(event, Map.of());
    }

    private void track(String event, Map<String, Object> properties) {
        journeyUser().track(event, properties);
    }

    private String stage() {
        return journeyUser().stage();
    }

    private JourneyUser journeyUser() {
        return new JourneyUser(user, client, driver);
    }

    private Instant lastActivity() {
        return Instant.parse(client.getJson("/api/users/" + user).path("profile").path("lastActivityAt").asText());
    }

    private List<String> transitions() {
        List<String> lines = new ArrayList<>();
        for (JsonNode t : client.getJson("/api/users/" + user + "/transitions")) {
            lines.add(t.path("from").asText("null") + "->" + t.path("to").asText() + ": " + t.path("reason").asText());
        }
        return lines;
    }

    private List<String> messages() {
        List<String> lines = new ArrayList<>();
        for (JsonNode m : client.getJson("/api/users/" + user + "/messages")) {
            lines.add(m.path("template").asText() + ":" + m.path("status").asText());
        }
        return lines;
    }

    private String lastSubject() {
        List<String> subjects = TestMail.subjectsTo(emailOf(user));
        assertThat(subjects).isNotEmpty();
        return subjects.get(subjects.size() - 1);
    }

    private String lastText() {
        var mails = TestMail.to(emailOf(user));
        return io.lifecycleengine.support.MailText.of(mails.get(mails.size() - 1));
    }
}
