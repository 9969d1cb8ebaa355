package io.linnet.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any application runs (a path it will not route such as
 * {@code /containers/..%2Fx/json}, a NUL in the URI, a malformed head), in Docker's
 * {@code {"message": ...}} form instead of an HTML page, so every client can show them.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** Jetty's own handling writes a body only for GET, POST and HEAD: a refused DELETE would get none. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object status = request.getAttribute(ERROR_STATUS);
        int code = status instanceof Integer i ? i : response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        response.setStatus(code);
        if ("HEAD".equals(request.getMethod()) || code == 204 || code == 304) {
            callback.succeeded();
            return true;
        }
        generateResponse(request, response, code, message instanceof String m ? m : cause != null ? cause.getMessage()
                : null, cause, callback);
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String text = message != null && !message.isBlank() ? message
                : org.eclipse.jetty.http.HttpStatus.getMessage(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        response.write(true, ByteBuffer.wrap(("{\"message\":" + quote(text) + "}\n").getBytes(StandardCharsets.UTF_8)),
                callback);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
