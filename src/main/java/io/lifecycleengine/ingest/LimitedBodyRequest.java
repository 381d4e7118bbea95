package io.lifecycleengine.ingest;

import io.lifecycleengine.system.BodyTooLargeException;
import io.lifecycleengine.system.UnreadableBodyException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpHeaders;

/**
 * Stops reading a body (also a chunked one, without Content-Length) once it passes the limit, and checks
 * that it is UTF-8. A gzip body is unpacked as it is read and the limit applies to what it unpacks to, so a
 * small body that unpacks to gigabytes is refused after the limit; the rest of the application sees the
 * plain body. Whatever its Content-Type says, the body is read as JSON, as Segment's and RudderStack's
 * servers do: RudderStack's Node SDK labels its gzip batches {@code application/x-www-form-urlencoded}.
 */
class LimitedBodyRequest extends HttpServletRequestWrapper {

    private static final String JSON = "application/json;charset=UTF-8";

    private final long limit;
    private final boolean gzip;

    LimitedBodyRequest(HttpServletRequest request, long limit, boolean gzip) {
        super(request);
        this.limit = limit;
        this.gzip = gzip;
    }

    @Override
    public long getContentLengthLong() {
        return gzip ? -1 : super.getContentLengthLong();
    }

    @Override
    public int getContentLength() {
        return gzip ? -1 : super.getContentLength();
    }

    @Override
    public String getContentType() {
        return JSON;
    }

    @Override
    public String getHeader(String name) {
        if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
            return JSON;
        }
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
            return Collections.enumeration(List.of(JSON));
        }
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()).stream()
                .filter(name -> !hidden(name) && !HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)).toList());
        names.add(HttpHeaders.CONTENT_TYPE);
        return Collections.enumeration(names);
    }

    /** Headers that describe the compressed body, not the one the application reads. */
    private boolean hidden(String name) {
        return gzip && (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name) || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name));
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream received = super.getInputStream();
        InputStream in = gzip ? new Gunzipped(received) : received;
        return new ServletInputStream() {
            private final Utf8Check utf8 = new Utf8Check();
            private long read;

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    count(1);
                    utf8.accept(b);
                } else {
                    utf8.end();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                    for (int i = offset; i < offset + n; i++) {
                        utf8.accept(buffer[i] & 0xFF);
                    }
                } else if (n < 0) {
                    utf8.end();
                }
                return n;
            }

            private void count(int n) throws BodyTooLargeException {
                read += n;
                if (read > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }

            @Override
            public boolean isFinished() {
                return received.isFinished();
            }

            @Override
            public boolean isReady() {
                return received.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                received.setReadListener(listener);
            }
        };
    }

    /** Unpacks gzip as it is read; a body that is no gzip, or ends early, is refused with a 400 naming it. */
    private static final class Gunzipped extends InputStream {

        private final InputStream packed;
        private final byte[] one = new byte[1];
        private GZIPInputStream unpacked;

        Gunzipped(InputStream packed) {
            this.packed = packed;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                if (unpacked == null) {
                    // the header is read here, not in the filter, so that a bad one is answered like bad content
                    unpacked = new GZIPInputStream(packed);
                }
                return unpacked.read(buffer, offset, length);
            } catch (ZipException | EOFException broken) {
                throw new UnreadableBodyException("body: Content-Encoding is gzip but the body is not valid gzip ("
                        + broken.getMessage() + ")");
            }
        }
    }
}
