package io.lifecycleengine.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionException;

/**
 * The failures that mean the database is away rather than that it refused a statement: no connection to begin with, a
 * lost one, a transaction that could not begin or end, a timeout. The API answers them 503 (see
 * {@link ApiExceptionHandler#databaseAway}, whose handled types are these), the login filters too, and a scheduled task
 * logs them in one line.
 */
final class DatabaseAway {

    static final List<Class<? extends Exception>> FAILURES = List.of(CannotGetJdbcConnectionException.class,
            DataAccessResourceFailureException.class, TransientDataAccessException.class,
            RecoverableDataAccessException.class, TransactionException.class);

    private DatabaseAway() {
    }

    static boolean is(Throwable failure) {
        return FAILURES.stream().anyMatch(type -> type.isInstance(failure));
    }

    /** The answer of a filter that could not check a login because the database is away. */
    static void answer(HttpServletResponse response, JsonErrors errors) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        errors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable", "The database is unavailable; retry later.");
    }
}
