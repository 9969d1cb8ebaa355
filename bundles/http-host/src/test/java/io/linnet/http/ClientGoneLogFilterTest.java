package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.eclipse.jetty.io.EofException;
import org.glassfish.jersey.server.internal.process.MappableException;
import org.junit.jupiter.api.Test;

class ClientGoneLogFilterTest {
    private final ClientGoneLogFilter filter = new ClientGoneLogFilter();

    private static LogRecord severe(Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE,
                "An I/O error has occurred while writing a response message entity to the container output stream.");
        record.setThrown(thrown);
        return record;
    }

    @Test
    void aClientThatWentAwayIsNotJerseysSevereStackTrace() {
        // as Jersey logs it: its wrapper around Jetty's EofException around the socket's error
        assertFalse(filter.isLoggable(severe(new MappableException(new EofException(new IOException("Broken pipe"))))));
    }

    @Test
    void otherFailuresAreLoggedAsJerseyLogsThem() {
        assertTrue(filter.isLoggable(severe(new MappableException(new IOException("No space left on device")))));
        assertTrue(filter.isLoggable(severe(new IllegalStateException("serializer bug"))));
        assertTrue(filter.isLoggable(severe(null)));
    }
}
