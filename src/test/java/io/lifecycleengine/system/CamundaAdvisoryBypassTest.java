package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * The advisory mitigations (CVE-2026-109432, CVE-2026-77226) must hold for every spelling of a path that Camunda
 * routes to the same resource: a path parameter ({@code ;jsessionid=…}) on a segment reaches the task, filter and
 * setup resources just the same.
 */
class CamundaAdvisoryBypassTest extends IntegrationTest {

    /** Matches a task only if the engine evaluated the expression. */
    private static final String OR_QUERY_EXPRESSION = "{\"orQueries\":[{\"assigneeExpression\":\"${'evaluated-'.concat('42')}\"}]}";

    @Test
    void taskQueriesWithAPathParameterAreStillRefused() {
        Task task = engine.getTaskService().newTask();
        task.setName("expression probe");
        task.setAssignee("evaluated-42");
        engine.getTaskService().saveTask(task);
        try {
            for (String path : new String[] {"/engine-rest/task;jsessionid=0123", "/engine-rest/engine/default/task;jsessionid=0123"}) {
                LifecycleClient.Answer answer = client.post(path, OR_QUERY_EXPRESSION, client.adminAuthorization());

                assertThat(answer.status()).as("POST %s answered %s", path, answer.raw().body()).isEqualTo(400);
                assertThat(answer.body().path("message").asText()).contains("CVE-2026-109432");
            }
        } finally {
            engine.getTaskService().deleteTask(task.getId(), true);
        }
    }

    @Test
    void theAnalystCannotHaveAnExpressionEvaluatedThroughAPathParameter() {
        String analyst = LifecycleClient.basic(environment.getRequiredProperty("lifecycle.analyst.user"),
                environment.getRequiredProperty("lifecycle.analyst.password"));

        LifecycleClient.Answer answer = client.post("/engine-rest/task;jsessionid=0123",
                "{\"orQueries\":[{\"assigneeExpression\":\"${noSuchIdentifierAnywhere}\"}]}", analyst);

        assertThat(answer.status()).as("the read-only analyst's query answered %s", answer.raw().body()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).contains("CVE-2026-109432");
    }

    @Test
    void aFilterWithAnExpressionCannotBeSavedThroughAPathParameter() {
        String admin = client.adminAuthorization();
        Task task = engine.getTaskService().newTask();
        task.setName("expression probe");
        task.setAssignee("evaluated-42");
        engine.getTaskService().saveTask(task);
        try {
            LifecycleClient.Answer created = client.post("/engine-rest/filter;jsessionid=0123/create",
                    "{\"resourceType\":\"Task\",\"name\":\"sneaky\",\"query\":" + OR_QUERY_EXPRESSION + "}", admin);
            String listed = created.status() == 200
                    ? client.get("/engine-rest/filter/" + created.body().path("id").asText() + "/list", admin).raw().body()
                    : "-";

            assertThat(created.status()).as("the filter was saved (%s); its plain /list then answered %s", created.raw().body(), listed)
                    .isEqualTo(400);
            assertThat(created.body().path("message").asText()).contains("CVE-2026-109432");
        } finally {
            engine.getTaskService().deleteTask(task.getId(), true);
            engine.getFilterService().createFilterQuery().filterName("sneaky").list()
                    .forEach(filter -> engine.getFilterService().deleteFilter(filter.getId()));
        }
    }

    @Test
    void theWebappsTaskQueryWithAPathParameterIsStillRefused() throws Exception {
        Task task = engine.getTaskService().newTask();
        task.setName("expression probe");
        task.setAssignee("evaluated-42");
        engine.getTaskService().saveTask(task);
        try {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String token = csrfToken(browser);
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/camunda/api/admin/auth/user/default/login/cockpit"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", token)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + environment.getRequiredProperty("camunda.bpm.admin-user.id")
                            + "&password=" + environment.getRequiredProperty("camunda.bpm.admin-user.password"), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            token = csrfToken(browser); // a new session after the login, a new token

            HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(url("/camunda/api/engine/engine/default/task;jsessionid=0123"))
                    .header("Content-Type", "application/json")
                    .header("X-XSRF-TOKEN", token)
                    .POST(HttpRequest.BodyPublishers.ofString(OR_QUERY_EXPRESSION, StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as("the Tasklist's task query answered %s", answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("CVE-2026-109432");
        } finally {
            engine.getTaskService().deleteTask(task.getId(), true);
        }
    }

    /**
     * Camunda 7.24.0's own setup resource refuses too ("Setup action not available"), so no user is created
     * here; but our mitigation must not depend on that, since the advisory is about the versions where it does not.
     */
    @Test
    void theInitialSetupStaysClosedWithAPathParameter() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String token = csrfToken(browser);
        String body = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"N\",\"email\":\"i@example.com\"},"
                + "\"credentials\":{\"password\":\"intruder-password\"}}";

        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(url("/camunda/api/admin/setup;jsessionid=0123/default/user/create"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(engine.getIdentityService().createUserQuery().userId("intruder").count()).isZero();
        assertThat(answer.body()).as("answered %s %s", answer.statusCode(), answer.body()).contains("CVE-2026-77226");
    }

    private String csrfToken(HttpClient browser) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url("/camunda/app/cockpit/default/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
