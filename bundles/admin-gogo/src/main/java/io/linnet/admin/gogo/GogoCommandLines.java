package io.linnet.admin.gogo;

import io.linnet.features.CommandLines;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Each command line in a session of its own, with no keyboard: what it prints, then its result. */
@Component(service = CommandLines.class)
public final class GogoCommandLines implements CommandLines {
    private final CommandProcessor processor;

    @Activate
    public GogoCommandLines(@Reference CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public String execute(String line) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String shown;
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), printed, printed)) {
            Object result = session.execute(line);
            shown = result == null ? "" : session.format(result, Converter.INSPECT).toString();
        }
        return printed.toString(StandardCharsets.UTF_8) + shown + (shown.isEmpty() || shown.endsWith("\n") ? "" : "\n");
    }
}
