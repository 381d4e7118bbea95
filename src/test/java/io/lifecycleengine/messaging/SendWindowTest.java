package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SendWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalTime EIGHT = LocalTime.of(8, 0);
    private static final LocalTime NINE_PM = LocalTime.of(21, 0);

    @Test
    void insideTheDaytimeWindowSendsAtOnce() {
        ZonedDateTime noon = at("2026-03-02T12:00");
        assertThat(SendWindow.opening(noon, EIGHT, NINE_PM)).isEqualTo(noon);
        assertThat(SendWindow.opening(at("2026-03-02T08:00"), EIGHT, NINE_PM)).isEqualTo(at("2026-03-02T08:00"));
    }

    @Test
    void beforeTheWindowWaitsForItsStartTheSameDay() {
        assertThat(SendWindow.opening(at("2026-03-02T06:59:30"), EIGHT, NINE_PM)).isEqualTo(at("2026-03-02T08:00"));
    }

    @Test
    void atOrAfterItsEndWaitsForTheNextMorning() {
        assertThat(SendWindow.opening(at("2026-03-02T21:00"), EIGHT, NINE_PM)).isEqualTo(at("2026-03-03T08:00"));
        assertThat(SendWindow.opening(at("2026-03-02T23:45"), EIGHT, NINE_PM)).isEqualTo(at("2026-03-03T08:00"));
    }

    @Test
    void aWindowAcrossMidnightIsOpenOnBothSidesOfIt() {
        LocalTime tenPm = LocalTime.of(22, 0);
        LocalTime twoAm = LocalTime.of(2, 0);
        assertThat(SendWindow.opening(at("2026-03-02T23:30"), tenPm, twoAm)).isEqualTo(at("2026-03-02T23:30"));
        assertThat(SendWindow.opening(at("2026-03-03T01:30"), tenPm, twoAm)).isEqualTo(at("2026-03-03T01:30"));
        assertThat(SendWindow.opening(at("2026-03-03T02:00"), tenPm, twoAm)).isEqualTo(at("2026-03-03T22:00"));
    }

    @Test
    void theNextMorningAcrossADaylightSavingChangeIsEightLocalTime() {
        ZonedDateTime opening = SendWindow.opening(at("2026-03-28T22:00"), EIGHT, NINE_PM);
        assertThat(opening.toLocalDateTime()).hasToString("2026-03-29T08:00");
        assertThat(opening.getOffset().getTotalSeconds()).as("summer time").isEqualTo(7200);
    }

    private static ZonedDateTime at(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BERLIN);
    }
}
