package io.lifecycleengine.system;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns a start-up that could not get into the database (down, unreachable, wrong user or password, no such
 * database) into a few lines naming the database and the settings to check, instead of Spring's chain of
 * bean-creation stack traces with the cause at its bottom.
 */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    /** MySQL's "access denied for user to database" and "unknown database"; their SQL state is a general 42000. */
    private static final int ACCESS_DENIED_TO_DATABASE = 1044;
    private static final int UNKNOWN_DATABASE = 1049;

    private final Environment environment;

    DatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        if (!isConnectionFailure(cause)) {
            return null;
        }
        String url = environment.getProperty("spring.datasource.url", "");
        boolean mysql = url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
        String description = "Could not connect to the database " + url.replaceFirst("\\?.*", "")
                + (mysql ? " as user '" + environment.getProperty("spring.datasource.username", "") + "'" : "")
                + ": " + messageOf(cause);
        String action = mysql
                ? "Check that the database server is running and reachable from this host, and that MYSQL_URL, MYSQL_USER and"
                        + " MYSQL_PASSWORD name an existing database and a user allowed into it (README, \"MySQL (production)\")."
                : "Check LIFECYCLE_H2_FILE (or LIFECYCLE_H2_URL): the file's folder must be writable, and a file"
                        + " another process opened without AUTO_SERVER cannot be shared.";
        return new FailureAnalysis(description, action, cause);
    }

    static boolean isConnectionFailure(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28"))
                || failure.getErrorCode() == ACCESS_DENIED_TO_DATABASE || failure.getErrorCode() == UNKNOWN_DATABASE;
    }

    /** The driver's own message and, for a network failure, the socket's (connection refused, unknown host). */
    private static String messageOf(SQLException failure) {
        String message = String.valueOf(failure.getMessage()).strip();
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message;
    }
}
