package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our mitigations of the Camunda 7.24.0 CE advisories CVE-2026-77226 and CVE-2026-109432. */
class CamundaAdvisoriesTest extends IntegrationTest {

    @Test
    void theAdminInitialSetupIsClosedOnceAUserExists() {
        String body = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"N\",\"email\":\"i@example.com\"},"
                + "\"credentials\":{\"password\":\"intruder-password\"}}";

        LifecycleClient.Answer answer = client.send("POST", "/camunda/api/admin/setup/default/user/create",
                body.getBytes(StandardCharsets.UTF_8), "application/json", null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("message").asText()).contains("CVE-2026-77226");
        assertThat(engine.getIdentityService().createUserQuery().userId("intruder").count()).isZero();
    }

    @Test
    void taskAndFilterQueriesWithExpressionsAreRefusedBeforeTheEngineSeesThem() {
        String admin = client.adminAuthorization();
        List<LifecycleClient.Answer> refused = List.of(
                client.post("/engine-rest/task", "{\"orQueries\":[{\"assigneeExpression\":\"${currentUser()}\"}]}", admin),
                client.post("/engine-rest/task/count", "{\"orQueries\":[{\"candidateGroupsExpression\":\"#{'x'.getClass()}\"}]}", admin),
                client.post("/engine-rest/filter/create", "{\"resourceType\":\"Task\",\"name\":\"mine\","
                        + "\"query\":{\"candidateUserExpression\":\"${''.getClass().forName('java.lang.Runtime')}\"}}", admin),
                client.get("/engine-rest/task?assigneeExpression=%24%7BcurrentUser()%7D", admin),
                client.post("/engine-rest/engine/default/task", "{\"orQueries\":[{\"ownerExpression\":\"${x}\"}]}", admin));

        for (LifecycleClient.Answer answer : refused) {
            assertThat(answer.status()).as(answer.raw().uri().toString()).isEqualTo(400);
            assertThat(answer.body().path("message").asText()).contains("CVE-2026-109432");
        }
        assertThat(engine.getFilterService().createFilterQuery().filterName("mine").count()).isZero();
        LifecycleClient.Answer plain = client.post("/engine-rest/task", "{\"orQueries\":[{\"assignee\":\"demo\"}]}", admin);
        assertThat(plain.status()).as("a query without expressions reaches the engine, body intact").isEqualTo(200);
        assertThat(plain.raw().body()).isEqualTo("[]");
        assertThat(client.post("/engine-rest/task", "{}", null).status()).as("and still needs a login").isEqualTo(401);
    }
}
