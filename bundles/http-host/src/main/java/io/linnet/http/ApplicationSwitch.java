package io.linnet.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty handler in front of the Jersey application. Swapping applications is one volatile
 * write, so endpoint bundles come and go while Jetty and its open connections stay up.
 */
final class ApplicationSwitch extends Handler.Abstract {
    private volatile ServedApplication current;

    /** Serves new requests with {@code next}; the previous application ends when its requests do. */
    void switchTo(ServedApplication next) {
        ServedApplication previous = current;
        current = next;
        if (previous != null) {
            previous.retire();
        }
    }

    ServedApplication current() {
        return current;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ServedApplication app = current;
        if (app == null) {
            // Only in the first moments of start-up, before the first application is built.
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
            response.write(true,
                    java.nio.ByteBuffer.wrap("{\"message\":\"the daemon is starting\"}\n".getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)), callback);
            return true;
        }
        return app.handle(request, response, callback);
    }

    @Override
    protected void doStop() throws Exception {
        ServedApplication app = current;
        current = null;
        if (app != null) {
            app.retire();
        }
        super.doStop();
    }
}
