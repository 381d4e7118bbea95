package io.lifecycleengine.system;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import io.lifecycleengine.ingest.IngestUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/** Every error of our own controllers answers JSON: 4xx for the caller's mistakes, 503 while the database is away. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ErrorBody> badRequest(BadRequestException e) {
        return answer(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        if (String.valueOf(e.getMessage()).startsWith("Required request body is missing")) {
            return answer(HttpStatus.BAD_REQUEST, "malformed_json", "The request body is missing: send a JSON object.");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreadableBodyException refused) {
                return answer(HttpStatus.BAD_REQUEST, "bad_request", refused.getMessage());
            }
            if (cause instanceof StreamConstraintsException limit) {
                return answer(HttpStatus.BAD_REQUEST, "malformed_json", "The request body breaks a JSON limit: "
                        + limit.getOriginalMessage());
            }
            if (cause instanceof MismatchedInputException wrongShape && !(cause instanceof PropertyBindingException)
                    && !String.valueOf(wrongShape.getOriginalMessage()).startsWith("No content")) {
                // valid JSON, but not what the endpoint takes (an array for an object, a text for a number)
                return answer(HttpStatus.BAD_REQUEST, "bad_request", StrictJson.mismatch(wrongShape));
            }
        }
        return answer(HttpStatus.BAD_REQUEST, "malformed_json", "The request body is not valid JSON.");
    }

    @ExceptionHandler(UnauthorizedException.class)
    ResponseEntity<ErrorBody> unauthorized(UnauthorizedException e) {
        return json(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, BasicCredentials.challenge(e.realm()))
                .body(new ErrorBody("unauthorized", e.getMessage()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badParameter(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "another value"
                : Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class ? "a number"
                : type.isEnum() ? "one of " + Arrays.toString(type.getEnumConstants())
                : "a " + type.getSimpleName();
        return answer(HttpStatus.BAD_REQUEST, "bad_request",
                "'" + e.getName() + "' must be " + expected + ", not '" + e.getValue() + "'");
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ErrorBody> conflict(ConflictException e) {
        return answer(HttpStatus.CONFLICT, "conflict", e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ErrorBody> notFound(NotFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noSuchPath(HttpServletRequest request) {
        // the path as asked: the exception's loses a trailing or doubled slash, naming /api/segments/ as /api/segments
        return answer(HttpStatus.NOT_FOUND, "not_found", "No such path: " + request.getRequestURI());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> wrongMethod(HttpRequestMethodNotSupportedException e) {
        return json(HttpStatus.METHOD_NOT_ALLOWED)
                .headers(e.getHeaders()) // Allow, which a 405 must carry
                .body(new ErrorBody("method_not_allowed", e.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> wrongMediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Send the body as application/json.");
    }

    @ExceptionHandler(ConcurrencyFailureException.class)
    ResponseEntity<ErrorBody> contention(ConcurrencyFailureException e) {
        log.warn("Write contention: {}", e.getMessage());
        return json(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(new ErrorBody("contention", "Too many concurrent writes for the same user; nothing was stored. Retry."));
    }

    @ExceptionHandler(IngestUnavailableException.class)
    ResponseEntity<ErrorBody> stopping(IngestUnavailableException e) {
        return json(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(new ErrorBody("unavailable", e.getMessage()));
    }

    /**
     * The database went away mid-call (no connection to begin with, a lost connection, a failed commit or
     * rollback): the call is not acknowledged; retrying it is safe, as messageIds deduplicate. The types are
     * {@link DatabaseAway#FAILURES} (an annotation cannot name a list).
     */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, RecoverableDataAccessException.class, TransactionException.class})
    ResponseEntity<ErrorBody> databaseAway(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return json(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(new ErrorBody("unavailable", "The database is unavailable; the call is not acknowledged. Retry later "
                        + "(messageIds make a retry safe)."));
    }

    /**
     * Anything else our controllers throw is answered here, as JSON, rather than by the servlet container's error
     * page: a call that failed must never look acknowledged. Spring's own web exceptions keep their status; a
     * client that hung up is left to Spring, which notes it quietly.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) throws Exception {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            throw e;
        }
        if (e instanceof ErrorResponse known) {
            return answer(HttpStatus.valueOf(known.getStatusCode().value()),
                    known.getStatusCode().is4xxClientError() ? "bad_request" : "server_error", known.getBody().getDetail());
        }
        log.error("Request failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                "The server could not answer this request; nothing of it is acknowledged.");
    }

    private static ResponseEntity<ErrorBody> answer(HttpStatus status, String code, String message) {
        return json(status).body(new ErrorBody(code, message));
    }

    /** JSON whatever the caller's Accept header says: an error answer that cannot be written would become a 500. */
    private static ResponseEntity.BodyBuilder json(HttpStatus status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    }
}
