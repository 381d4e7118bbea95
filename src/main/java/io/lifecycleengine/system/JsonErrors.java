package io.lifecycleengine.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes {@link ErrorBody} answers from servlet filters, where no controller advice runs. */
@Component
public class JsonErrors {

    private final ObjectMapper objectMapper;

    public JsonErrors(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), new ErrorBody(error, message));
    }

    public void unauthorized(HttpServletResponse response, String realm, String message) throws IOException {
        response.setHeader("WWW-Authenticate", BasicCredentials.challenge(realm));
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", message);
    }
}
