package io.lifecycleengine.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the five dimension tables in {@code bpmn/}, on a plain in-memory engine. */
@Deployment(resources = {"bpmn/segment-engagement.dmn", "bpmn/segment-purchase.dmn", "bpmn/segment-usage.dmn",
        "bpmn/segment-content.dmn", "bpmn/segment-intent.dmn"})
class SegmentDecisionTablesTest {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder()
            .configurationResource("decisions.camunda.cfg.xml").build();

    ProcessEngine engine;

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "segment-engagement; activeDays7d=4,activeDays30d=4; highly-active",
            "segment-engagement; activeDays7d=3,activeDays30d=9; moderately-active",
            "segment-engagement; activeDays7d=0,activeDays30d=2; moderately-active",
            "segment-engagement; activeDays7d=1,activeDays30d=1; inactive",
            "segment-purchase; purchases=0,revenue=0.0; none",
            "segment-purchase; purchases=1,revenue=20.0; first-time-buyer",
            "segment-purchase; purchases=2,revenue=40.0; repeat-customer",
            "segment-purchase; purchases=1,revenue=500.0; high-value-customer",
            "segment-purchase; purchases=7,revenue=1200.5; high-value-customer",
            "segment-usage; events30d=60,activeDays30d=10; power-user",
            "segment-usage; events30d=200,activeDays30d=3; casual-user",
            "segment-usage; events30d=1,activeDays30d=1; casual-user",
            "segment-usage; events30d=0,activeDays30d=0; dormant-user",
            "segment-content; dominantContent=blog,contentEvents30d=2; blog-reader",
            "segment-content; dominantContent=video,contentEvents30d=9; video-watcher",
            "segment-content; dominantContent=email,contentEvents30d=3; email-engager",
            "segment-content; dominantContent=lesson,contentEvents30d=5; lesson-learner",
            "segment-content; dominantContent=video,contentEvents30d=1; none",
            "segment-content; dominantContent=none,contentEvents30d=0; none",
            "segment-intent; demoRequests30d=1,openCart=true,pricingPageViews30d=3; demo-requester",
            "segment-intent; demoRequests30d=0,openCart=true,pricingPageViews30d=3; cart-abandoner",
            "segment-intent; demoRequests30d=0,openCart=false,pricingPageViews30d=1; pricing-page-visitor",
            "segment-intent; demoRequests30d=0,openCart=false,pricingPageViews30d=0; none"
    })
    void decidesTheSegment(String decision, String inputs, String segment) {
        Map<String, Object> variables = new HashMap<>();
        for (String pair : inputs.split(",")) {
            String[] kv = pair.split("=");
            variables.put(kv[0], parse(kv[1]));
        }

        var result = engine.getDecisionService().evaluateDecisionTableByKey(decision, variables).getSingleResult();

        assertThat(result.<String>getEntry("segment")).isEqualTo(segment);
        assertThat(result.<String>getEntry("reason")).isNotBlank();
    }

    private static Object parse(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        if (value.matches("-?\\d+")) {
            return Integer.parseInt(value);
        }
        if (value.matches("-?\\d+\\.\\d+")) {
            return Double.parseDouble(value);
        }
        return value;
    }
}
