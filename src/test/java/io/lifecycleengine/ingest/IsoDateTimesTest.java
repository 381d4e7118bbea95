package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IsoDateTimesTest {

    @Test
    void theCommonShapesAreReadByHandAsJavaTimeReadsThem() {
        List<String> texts = List.of("2024-05-01T10:15:30Z", "2024-05-01T10:15:30.123Z", "2024-05-01T10:15:30.123456789Z",
                "2024-05-01T10:15:30.1+02:00", "2024-05-01T10:15Z", "2024-05-01T10:15:30", "2024-05-01T10:15",
                "2024-05-01T10:15:30.5", "2024-12-31T23:59:59-05:30", "2024-02-29T00:00:00+18:00",
                "2023-01-01T00:00:00-18:00", "1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z", "2024-05-01T10:15:30-00:00");
        for (String text : texts) {
            assertThat(IsoDateTimes.commonShape(text)).as(text).isNotNull().isEqualTo(IsoDateTimes.parseWithJavaTime(text));
        }
    }

    @Test
    void whatTheHandDoesNotReadJavaTimeDecides() {
        // not the common shape, some of them valid in java.time
        for (String text : List.of("2024-05-01t10:15:30z", "2024-05-01T10:15:30+02:00:30", "+12024-05-01T10:15:30Z", "2024-05-01T10:15:30.Z")) {
            assertThat(IsoDateTimes.commonShape(text)).as(text).isNull();
            assertThat(outcome(() -> IsoDateTimes.parse(text))).as(text).isEqualTo(outcome(() -> IsoDateTimes.parseWithJavaTime(text)));
        }
        assertThat(IsoDateTimes.parse("2024-05-01t10:15:30z")).isEqualTo(Instant.parse("2024-05-01T10:15:30Z"));
        // of the shape but out of range, or not a date-time at all
        for (String text : List.of("2023-02-29T10:15:30Z", "2024-04-31T10:15:30Z", "2024-13-01T10:15:30Z", "2024-00-10T10:15:30Z",
                "2024-05-00T10:15:30Z", "2024-05-01T24:00:00Z", "2024-05-01T10:60:30Z", "2024-05-01T10:15:60Z",
                "2024-05-01T10:15:30+18:30", "2024-05-01T10:15:30+02:60", "2024-05-01T10:15:30.1234567890Z", "2024-05-01T10:15:30ZZ",
                "2024-05-01T10:1x:30Z", "2024-05-01 10:15:30Z", "2024-05-01", "yesterday", "", "2024-05-01T10:15:3",
                "2024-05-01T10:15:30+02:00 ", "٢٠٢٤-05-01T10:15:30Z", "2024-05-01T10:15:30+020", "2024-05-01T10:15:30+2",
                "2024-05-01T10:15:30+02:0", "2024-05-01T10:15:30+1900", "2024-05-01T10:15:30+0260", "2024-05-01T10:15:30 0200")) {
            assertThat(IsoDateTimes.commonShape(text)).as(text).isNull();
            assertThatThrownBy(() -> IsoDateTimes.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void basicOffsetsWithoutTheColonReadAsTheExtendedOnes() {
        assertThat(IsoDateTimes.parse("2024-05-01T10:15:30+0200")).isEqualTo(Instant.parse("2024-05-01T08:15:30Z"));
        assertThat(IsoDateTimes.parse("2024-05-01T10:15:30.250-0530")).isEqualTo(Instant.parse("2024-05-01T15:45:30.250Z"));
        assertThat(IsoDateTimes.parse("2024-05-01T10:15+02")).isEqualTo(Instant.parse("2024-05-01T08:15:00Z"));
        assertThat(IsoDateTimes.parse("2024-05-01T10:15:30-00")).isEqualTo(Instant.parse("2024-05-01T10:15:30Z"));
        Random random = new Random(20261203);
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 32_000_000_000L));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60);
            OffsetDateTime time = OffsetDateTime.ofInstant(instant, offset);
            String basic = time.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx"));
            assertThat(IsoDateTimes.parse(basic)).as(basic).isEqualTo(instant);
        }
    }

    @Test
    void randomDateTimesInEveryCommonFormReadTheSameByHandAndByJavaTime() {
        Random random = new Random(20261201);
        List<DateTimeFormatter> forms = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE_TIME,
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX"), DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"));
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 32_000_000_000L), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60);
            String text = OffsetDateTime.ofInstant(instant, offset).format(forms.get(random.nextInt(forms.size())));
            assertThat(IsoDateTimes.commonShape(text)).as(text).isNotNull().isEqualTo(IsoDateTimes.parseWithJavaTime(text));
        }
    }

    private static Object outcome(Supplier<Instant> parse) {
        try {
            return parse.get();
        } catch (DateTimeParseException rejected) {
            return "rejected";
        }
    }
}
