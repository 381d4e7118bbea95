package io.lifecycleengine.ingest;

import io.lifecycleengine.system.BodyTooLargeException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/** Stops reading a body (also a chunked one, without Content-Length) once it passes the limit. */
class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long limit;

    LimitedBodyRequest(HttpServletRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream in = super.getInputStream();
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
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        };
    }
}
