package io.lifecycleengine.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.system.InlineJson;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /dashboard}: the latest snapshot as charts. The page carries its data, so it needs no second
 * authenticated request, and loads in the time it takes to render one snapshot, whatever the user count.
 */
@Controller
class DashboardController {

    private final AnalyticsSnapshot snapshots;
    private final Populations populations;
    private final ObjectMapper json;
    private final Clock clock;

    DashboardController(AnalyticsSnapshot snapshots, Populations populations, ObjectMapper json, Clock clock) {
        this.snapshots = snapshots;
        this.populations = populations;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The last 30 days of everyone from the snapshot; with {@code from}, {@code to} or {@code segment}
     * (dimension:segment), that period and population computed on request.
     */
    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     @RequestParam(required = false) String segment, Model model, HttpServletResponse response)
            throws JsonProcessingException {
        Snapshot snapshot;
        boolean custom = from != null || to != null || segment != null;
        Population population = populations.of(segment);
        if (custom) {
            snapshot = snapshots.withDashboardOf(Period.of(from, to, clock), population);
        } else if (snapshots.current().dashboard() == null) {
            // the first snapshot is computed in the background after start-up; with many users it takes a while
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, "10");
            return "dashboard-pending";
        } else {
            snapshot = snapshots.current();
        }
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("custom", custom);
        model.addAttribute("population", population.name());
        model.addAttribute("data", InlineJson.forScript(json.writeValueAsString(snapshot)));
        return "dashboard";
    }
}
