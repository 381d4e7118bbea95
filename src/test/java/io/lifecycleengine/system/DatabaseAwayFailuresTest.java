package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** One answer to "is the database away?" for the API, the login filter and the scheduled tasks. */
class DatabaseAwayFailuresTest {

    @Test
    void theApiAnswers503ToExactlyTheFailuresTheFilterAndTheSchedulerTakeForTheDatabaseAway() throws Exception {
        ExceptionHandler handler = ApiExceptionHandler.class.getDeclaredMethod("databaseAway", Exception.class)
                .getAnnotation(ExceptionHandler.class);

        assertThat(List.of(handler.value())).containsExactlyInAnyOrderElementsOf(DatabaseAway.FAILURES);
    }

    @Test
    void aLostConnectionOrTransactionIsTheDatabaseAwayAndARefusedStatementIsNot() {
        assertThat(DatabaseAway.is(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(DatabaseAway.is(new CannotCreateTransactionException("no transaction"))).isTrue();
        assertThat(DatabaseAway.is(new QueryTimeoutException("timed out"))).isTrue();
        assertThat(DatabaseAway.is(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(DatabaseAway.is(new IllegalStateException("a bug"))).isFalse();
    }
}
