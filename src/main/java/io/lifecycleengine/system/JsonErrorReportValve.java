package io.lifecycleengine.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer to a request it refused itself (an oversize header, a malformed request line), as the
 * same JSON error as the application's instead of an HTML page. Tomcat creates it, so it has no Spring
 * beans.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(new ErrorBody(status >= 500 ? "server_error" : "bad_request",
                        status >= 500 ? "The server could not answer this request." : "The request was refused: HTTP " + status
                                + (status == 400 ? " (malformed, or a header too large)." : "."))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException unwritable) {
            // the client is gone or the response was committed meanwhile: nothing more to say
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, unwritable);
        }
    }
}
