package io.lifecycleengine.journey;

import io.lifecycleengine.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** An integration test that drives journeys by hand. */
abstract class JourneyTest extends IntegrationTest {

    @Autowired
    protected SignalInbox signals;

    protected JourneyDriver driver;

    @BeforeEach
    void newDriver() {
        driver = new JourneyDriver(engine, signals);
    }
}
