package io.linnet.http;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jersey logs a SEVERE stack trace when writing a committed response fails, also when the only
 * cause is a client that went away (a {@code docker run} or {@code docker wait} interrupted
 * before its container ended). That is a DEBUG line here; any other failure is logged as Jersey
 * logs it. Jetty reports a peer that closed or reset the connection as an {@link EofException}.
 */
final class ClientGoneLogFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGoneLogFilter.class);

    /** Installs the filter on the logger of Jersey's response writing and returns that logger (keep it: JUL holds loggers weakly). */
    static java.util.logging.Logger install() {
        java.util.logging.Logger logger =
                java.util.logging.Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");
        logger.setFilter(new ClientGoneLogFilter());
        return logger;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        EofException gone = clientGone(record.getThrown());
        if (gone == null) {
            return true;
        }
        LOG.debug("client went away before its response was written: {}", gone.getMessage());
        return false;
    }

    private static EofException clientGone(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EofException eof) {
                return eof;
            }
        }
        return null;
    }
}
