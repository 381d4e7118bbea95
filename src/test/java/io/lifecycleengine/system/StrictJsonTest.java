package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The mapper the backtest reads with before the application starts refuses what the application's refuses. */
class StrictJsonTest {

    private final ObjectMapper json = StrictJson.mapper();

    @Test
    void nothingMayFollowTheDocument() {
        assertThatThrownBy(() -> json.readTree("{\"type\":\"track\"} {\"type\":\"page\"}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void nestingIsBounded() throws Exception {
        String allowed = "[".repeat(StrictJson.MAX_NESTING) + "]".repeat(StrictJson.MAX_NESTING);
        String deeper = "[".repeat(StrictJson.MAX_NESTING + 1) + "]".repeat(StrictJson.MAX_NESTING + 1);

        assertThat(json.readTree(allowed).isArray()).isTrue();
        assertThatThrownBy(() -> json.readTree(deeper)).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nesting depth");
    }
}
