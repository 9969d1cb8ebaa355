package io.linnet.builder;

import io.linnet.builder.dockerfile.Instruction;
import io.linnet.builder.dockerfile.ShellLex;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request's --build-arg values against the Dockerfile's ARGs: the meta ARGs before the first
 * FROM (they name base images), each stage's ARGs, and the values no ARG asked for.
 */
final class BuildArgs {
    /** dockerd never warns about these: they are meant for every build. */
    private static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> requested;
    /** Meta ARGs with their values (null: declared without value). */
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final ShellLex metaLex;

    BuildArgs(Map<String, String> requested, char escape) {
        this.requested = requested;
        this.metaLex = new ShellLex(escape, meta::get);
    }

    /** Word expansion with the meta ARGs, as FROM lines see them. */
    ShellLex metaLex() {
        return metaLex;
    }

    /** An ARG before the first FROM: the request's value, else its default. */
    void declareMeta(Instruction.Arg arg) {
        defaults(arg, metaLex).forEach((name, value) -> meta.put(name, requestedOr(name, value)));
    }

    /** An ARG in a stage: the request's value, else its default, else the meta ARG's value. */
    void declare(StageState state, Instruction.Arg arg, ShellLex lex) {
        defaults(arg, lex).forEach((name, value) -> {
            String inherited = value == null && meta.containsKey(name) ? meta.get(name) : value;
            state.args.put(name, requestedOr(name, inherited));
        });
    }

    /** The warning dockerd gives for --build-arg values no ARG declared; none when all were used. */
    Optional<String> unusedWarning() {
        Set<String> unused = new LinkedHashSet<>(requested.keySet());
        unused.removeAll(used);
        unused.removeAll(PROXY_ARGS);
        return unused.isEmpty() ? Optional.empty()
                : Optional.of("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
    }

    private String requestedOr(String name, String value) {
        if (!requested.containsKey(name)) {
            return value;
        }
        used.add(name);
        return requested.get(name);
    }

    /** The declared names with their defaults expanded (all of them, before any is set). */
    private static Map<String, String> defaults(Instruction.Arg arg, ShellLex lex) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Instruction.ArgDeclaration d : arg.declarations()) {
            out.put(d.name(), d.defaultValue() == null ? null : lex.processWord(d.defaultValue()));
        }
        return out;
    }
}
