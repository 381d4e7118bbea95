package io.lifecycleengine.system;

import io.lifecycleengine.messaging.DevMailEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the operator where things are once the engine is up. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext)) {
            return; // the backtest runs the engine without a web server
        }
        Environment env = event.getApplicationContext().getEnvironment();
        String address = env.getProperty("server.address", "127.0.0.1");
        String host = address.equals("0.0.0.0") ? "localhost" : address;
        String base = "http://" + host + ":" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        log.info("Lifecycle Engine is up on {}", base);
        log.info("  Cockpit:        {}/camunda/app/cockpit/", base);
        log.info("  Ingest:         {}/v1/track (HTTP Basic, write key as user)", base);
        log.info("  API:            {}/api/segments (HTTP Basic, admin user; OpenAPI at /api/openapi, Swagger UI at /api/docs)", base);
        log.info("  Dashboard:      {}/dashboard (HTTP Basic, admin user)", base);
        log.info("  Engine REST:    {}/engine-rest (HTTP Basic, admin user)", base);
        if (DevMailEnvironment.isActive(env)) {
            if (env.matchesProfiles("mysql")) {
                log.warn("No mail server is configured: email goes to the in-process SMTP server, which keeps it in memory"
                        + " and delivers it to nobody, while messages show as sent. Set SPRING_MAIL_HOST and SPRING_MAIL_PORT.");
            }
            log.info("  Captured mail:  {}/api/dev/mail (in-process SMTP on 127.0.0.1:{})", base,
                    env.getProperty("spring.mail.port"));
        } else {
            log.info("  Mail:           SMTP {}:{}", env.getProperty("spring.mail.host"), env.getProperty("spring.mail.port"));
        }
    }
}
