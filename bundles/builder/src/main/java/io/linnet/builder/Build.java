package io.linnet.builder;

import io.linnet.builder.dockerfile.DockerfileParseException;
import io.linnet.builder.dockerfile.Instruction;
import io.linnet.builder.dockerfile.ShellLex;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.build.BuildFailedException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ContainerSpec;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.registry.ImageDistribution;
import io.linnet.engine.api.registry.RegistryAuth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.linnet.files.ConfinedRoot;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One classic-builder build: stages dispatched instruction by instruction, as moby's builder-dockerfile. */
final class Build {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ImageService images;
    private final ContainerService containers;
    private final ImageLayers layers;
    private final BuildCache cache;
    private final ConfinedRoot context;
    private final BuildRequest request;
    private final BuildOutput out;
    private final char escape;
    private final ImageDistribution distribution;

    /** Stage results by name (lower case) and index, for COPY --from. */
    private final Map<String, String> stageImages = new LinkedHashMap<>();
    private final Set<String> usedArgs = new LinkedHashSet<>();
    private int step;
    private int total;

    Build(ImageService images, ContainerService containers, ImageLayers layers, BuildCache cache, ConfinedRoot context,
            BuildRequest request, BuildOutput out, char escape, ImageDistribution distribution) {
        this.distribution = distribution;
        this.images = images;
        this.containers = containers;
        this.layers = layers;
        this.cache = cache;
        this.context = context;
        this.request = request;
        this.out = out;
        this.escape = escape;
    }

    private record Stage(Instruction from, String name, List<Instruction> commands) {
    }

    /** The state of the stage being built. */
    private static final class State {
        String imageId = "";
        RunConfig config = new RunConfig();
        /** ARGs declared in this stage, with their values (null: declared without value). */
        final Map<String, String> args = new LinkedHashMap<>();
    }

    String run(List<Instruction> instructions) {
        Map<String, String> metaArgs = new LinkedHashMap<>();
        List<Instruction> metaArgInstructions = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                stages.add(new Stage(i, stageName(i), new ArrayList<>()));
            } else if (stages.isEmpty()) {
                if (!i.keyword().equals("ARG")) {
                    throw new DockerfileParseException(i.line(), "no build stage in current context");
                }
                metaArgInstructions.add(i);
            } else {
                stages.get(stages.size() - 1).commands().add(i);
            }
        }
        if (stages.isEmpty()) {
            throw new InvalidParameterException("No image was generated. Is your Dockerfile empty?");
        }
        if (!request.target().isEmpty()) {
            int found = -1;
            for (int s = 0; s < stages.size(); s++) {
                if (request.target().equalsIgnoreCase(stages.get(s).name())) {
                    found = s;
                }
            }
            if (found < 0) {
                throw new InvalidParameterException("failed to reach build target " + request.target() + " in Dockerfile");
            }
            stages = stages.subList(0, found + 1);
        }
        // Build-time labels are LABEL steps added to the last stage, sorted by key, as dockerd's.
        for (String key : new java.util.TreeSet<>(request.labels().keySet())) {
            String value = request.labels().get(key);
            stages.get(stages.size() - 1).commands().add(new Instruction(0, "LABEL", Map.of(),
                    singleQuoted(key) + "=" + singleQuoted(value), null, "LABEL " + key + "=" + value));
        }
        total = metaArgInstructions.size() + stages.size();
        for (Stage s : stages) {
            total += s.commands().size();
        }
        ShellLex metaLex = new ShellLex(escape, metaArgs::get);
        for (Instruction i : metaArgInstructions) {
            printStep(i);
            for (Map.Entry<String, String> a : argPairs(i, metaLex).entrySet()) {
                String value = request.buildArgs().containsKey(a.getKey()) ? request.buildArgs().get(a.getKey()) : a.getValue();
                if (request.buildArgs().containsKey(a.getKey())) {
                    usedArgs.add(a.getKey());
                }
                metaArgs.put(a.getKey(), value);
            }
        }
        State state = null;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            state = new State();
            printStep(stage.from());
            from(state, stage, metaLex);
            onBuildTriggers(state, metaArgs);
            out.stream(" ---> " + shortId(state.imageId) + "\n");
            for (Instruction i : stage.commands()) {
                printStep(i);
                dispatch(state, i, metaArgs);
                out.stream(" ---> " + shortId(state.imageId) + "\n");
            }
            if (!state.imageId.isEmpty()) {
                out.imageId(state.imageId);
            }
            stageImages.put(String.valueOf(s), state.imageId);
            if (stage.name() != null) {
                stageImages.put(stage.name().toLowerCase(Locale.ROOT), state.imageId);
            }
        }
        Set<String> unused = new LinkedHashSet<>(request.buildArgs().keySet());
        unused.removeAll(usedArgs);
        unused.removeAll(Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
                "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"));
        if (!unused.isEmpty()) {
            out.stream("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
        }
        if (state.imageId.isEmpty()) {
            throw new InvalidParameterException("No image was generated. Is your Dockerfile empty?");
        }
        return state.imageId;
    }

    private static String stageName(Instruction from) {
        List<String> words = ShellLex.rawWords(from.rest(), '\\');
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            return words.get(2).toLowerCase(Locale.ROOT);
        }
        if (words.size() != 1) {
            throw new DockerfileParseException(from.line(), "FROM requires either one or three arguments");
        }
        return null;
    }

    private void printStep(Instruction i) {
        step++;
        out.stream("Step " + step + "/" + total + " : " + i.original() + "\n");
    }

    private void from(State state, Stage stage, ShellLex metaLex) {
        String base = metaLex.processWord(ShellLex.rawWords(stage.from().rest(), escape).get(0));
        if (base.isEmpty()) {
            throw new InvalidParameterException("base name (" + stage.from().rest() + ") should not be blank");
        }
        String stageImage = stageImages.get(base.toLowerCase(Locale.ROOT));
        if (stageImage != null) {
            state.imageId = stageImage;
        } else if (base.equalsIgnoreCase("scratch")) {
            state.imageId = "";
            return;
        } else {
            boolean present;
            try {
                images.inspect(base);
                present = true;
            } catch (NotFoundException e) {
                present = false;
            }
            if (!present || request.pull()) {
                pull(base, present);
            }
            state.imageId = images.inspect(base).id();
        }
        Image image = images.inspect(state.imageId);
        state.config = RunConfig.of(image.config());
    }

    /** The base image's ONBUILD triggers run first, as dockerd's builder does right after FROM. */
    private void onBuildTriggers(State state, Map<String, String> metaArgs) {
        if (state.imageId.isEmpty()) {
            return;
        }
        List<String> triggers = images.inspect(state.imageId).config().onBuild();
        if (triggers.isEmpty()) {
            return;
        }
        out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() > 1 ? "s" : "") + "\n");
        for (String trigger : triggers) {
            for (Instruction i : io.linnet.builder.dockerfile.DockerfileParser.parse(trigger).instructions()) {
                dispatch(state, i, metaArgs);
            }
        }
    }

    /** A base image from its registry, with the pull's progress in the build stream, as dockerd's builder. */
    private void pull(String base, boolean present) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(base);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException("invalid reference format: " + base);
        }
        if (reference.digest() == null) {
            reference = reference.withDefaultTag();
        }
        if (distribution == null) {
            if (present) {
                return;
            }
            throw new NotFoundException("pull access denied for " + reference.familiarRepository()
                    + ", repository does not exist or may require 'docker login': No such image: " + reference.familiar());
        }
        distribution.pull(reference, null, auth(reference.domain()), out);
    }

    private RegistryAuth auth(String domain) {
        Map<String, RegistryAuth> auths = request.registryAuths();
        for (Map.Entry<String, RegistryAuth> e : auths.entrySet()) {
            String key = e.getKey().replaceFirst("^https?://", "").replaceAll("/.*$", "");
            boolean hub = ImageReference.DEFAULT_DOMAIN.equals(domain)
                    && (key.equals("index.docker.io") || key.equals("docker.io") || key.equals("registry-1.docker.io"));
            if (key.equals(domain) || hub) {
                return e.getValue();
            }
        }
        return RegistryAuth.NONE;
    }

    private void dispatch(State state, Instruction i, Map<String, String> metaArgs) {
        ShellLex lex = new ShellLex(escape, name -> {
            String env = state.config.env(name);
            if (env != null) {
                return env;
            }
            return state.args.get(name);
        });
        try {
            switch (i.keyword()) {
                case "RUN" -> run(state, i);
                case "COPY", "ADD" -> copy(state, i, lex);
                case "ENV" -> {
                    Map<String, String> pairs = pairs(i, lex);
                    pairs.forEach(state.config::setEnv);
                    commitConfig(state, "ENV " + joinPairs(pairs));
                }
                case "ARG" -> {
                    for (Map.Entry<String, String> a : argPairs(i, lex).entrySet()) {
                        String value = a.getValue();
                        if (request.buildArgs().containsKey(a.getKey())) {
                            value = request.buildArgs().get(a.getKey());
                            usedArgs.add(a.getKey());
                        } else if (value == null && metaArgs.containsKey(a.getKey())) {
                            value = metaArgs.get(a.getKey());
                        }
                        state.args.put(a.getKey(), value);
                    }
                    commitConfig(state, "ARG " + i.rest());
                }
                case "LABEL" -> {
                    Map<String, String> pairs = pairs(i, lex);
                    state.config.labels.putAll(pairs);
                    commitConfig(state, "LABEL " + joinPairs(pairs));
                }
                case "MAINTAINER" -> commitConfig(state, "MAINTAINER " + i.rest());
                case "EXPOSE" -> {
                    List<String> ports = lex.processWords(i.rest());
                    for (String p : ports) {
                        state.config.exposedPorts.add(p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp");
                    }
                    commitConfig(state, "EXPOSE " + String.join(" ", ports));
                }
                case "WORKDIR" -> {
                    String dir = lex.processWord(required(i));
                    String base = state.config.workingDir.isEmpty() ? "/" : state.config.workingDir;
                    state.config.workingDir = normalise(dir.startsWith("/") ? dir : base + "/" + dir);
                    commitConfig(state, "#(nop) WORKDIR " + state.config.workingDir, true);
                }
                case "USER" -> {
                    state.config.user = lex.processWord(required(i));
                    commitConfig(state, "USER " + state.config.user);
                }
                case "VOLUME" -> {
                    List<String> vols = i.isJson() ? i.json() : lex.processWords(i.rest());
                    for (String v : vols) {
                        if (v.isBlank()) {
                            throw new InvalidParameterException("VOLUME specified can not be an empty string");
                        }
                        state.config.volumes.add(v);
                    }
                    commitConfig(state, "VOLUME " + "[" + String.join(" ", vols) + "]");
                }
                case "STOPSIGNAL" -> {
                    state.config.stopSignal = lex.processWord(required(i));
                    commitConfig(state, "STOPSIGNAL " + state.config.stopSignal);
                }
                case "CMD" -> {
                    state.config.cmd = new ArrayList<>(command(state, i));
                    state.config.argsEscaped = false;
                    commitConfig(state, "CMD " + jsonText(state.config.cmd));
                }
                case "ENTRYPOINT" -> {
                    state.config.entrypoint = new ArrayList<>(command(state, i));
                    commitConfig(state, "ENTRYPOINT " + jsonText(state.config.entrypoint));
                }
                case "SHELL" -> {
                    if (!i.isJson() || i.json().isEmpty()) {
                        throw new InvalidParameterException("SHELL requires the arguments to be in JSON form");
                    }
                    state.config.shell = new ArrayList<>(i.json());
                    commitConfig(state, "SHELL [" + String.join(" ", i.json()) + "]");
                }
                case "HEALTHCHECK" -> {
                    state.config.healthcheck = Healthchecks.parse(i, state.config.shellOrDefault());
                    commitConfig(state, "HEALTHCHECK " + Healthchecks.describe(state.config.healthcheck));
                }
                case "ONBUILD" -> {
                    String trigger = required(i);
                    String kw = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                    if (kw.equals("ONBUILD") || kw.equals("FROM") || kw.equals("MAINTAINER")) {
                        throw new InvalidParameterException(kw + " isn't allowed as an ONBUILD trigger");
                    }
                    state.config.onBuild.add(trigger);
                    commitConfig(state, "ONBUILD " + trigger);
                }
                default -> throw new DockerfileParseException(i.line(), "unknown instruction: " + i.keyword());
            }
        } catch (IllegalArgumentException e) {
            throw new DockerfileParseException(i.line(), e.getMessage());
        }
    }

    private static String required(Instruction i) {
        if (i.rest().isEmpty()) {
            throw new DockerfileParseException(i.line(), i.keyword() + " requires exactly one argument");
        }
        return i.rest();
    }

    /** Exec form as given; shell form wrapped in the stage's shell. */
    private static List<String> command(State state, Instruction i) {
        if (i.isJson()) {
            return i.json();
        }
        if (i.rest().isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(state.config.shellOrDefault());
        cmd.add(i.rest());
        return cmd;
    }

    /** A metadata-only step: a new config on the same layers (cached like any step). */
    private void commitConfig(State state, String comment) {
        commitConfig(state, "#(nop)  " + comment, true);
    }

    /** @param nopComment the created_by text after the shell ("#(nop)  ENV A=b"; WORKDIR has one space) */
    private void commitConfig(State state, String nopComment, boolean ignored) {
        String createdBy = String.join(" ", state.config.shellOrDefault()) + " " + nopComment;
        String key = BuildCache.key(state.imageId, createdBy + "\n" + configDigest(state.config), "");
        Optional<String> cached = cached(key);
        if (cached.isPresent()) {
            out.stream(" ---> Using cache\n");
            state.imageId = cached.get();
            return;
        }
        String fake = randomId();
        out.stream(" ---> Running in " + fake.substring(0, 12) + "\n");
        state.imageId = layers.changeConfig(state.imageId,
                new ImageLayers.Step(state.config.toImageConfig(), createdBy, "", ""));
        cache.put(key, state.imageId, createdBy);
        out.stream("Removing intermediate container " + fake.substring(0, 12) + "\n");
    }

    private Optional<String> cached(String key) {
        if (request.noCache()) {
            return Optional.empty();
        }
        return cache.get(key).filter(id -> {
            try {
                images.inspect(id);
                return true;
            } catch (NotFoundException gone) {
                return false;
            }
        });
    }

    private static String configDigest(RunConfig config) {
        return config.toImageConfig().toString();
    }

    private void run(State state, Instruction i) {
        if (state.imageId.isEmpty()) {
            throw new InvalidParameterException("Please provide a source image with `from` prior to run");
        }
        List<String> cmd = command(state, i);
        // Build args in effect are part of the step (and of its created_by, as "|N k=v ...").
        List<String> argEnv = new ArrayList<>();
        state.args.forEach((k, v) -> {
            if (v != null && state.config.env(k) == null) {
                argEnv.add(k + "=" + v);
            }
        });
        String createdBy = (argEnv.isEmpty() ? "" : "|" + argEnv.size() + " " + String.join(" ", argEnv) + " ")
                + String.join(" ", cmd);
        String key = BuildCache.key(state.imageId, "RUN " + createdBy + "\n" + configDigest(state.config), "");
        Optional<String> cached = cached(key);
        if (cached.isPresent()) {
            out.stream(" ---> Using cache\n");
            state.imageId = cached.get();
            return;
        }
        ContainerSpec spec = new ContainerSpec(cmd, List.of(), argEnv, state.config.workingDir, state.config.user,
                "", "", false, false, Map.of(), "", null);
        Container container = containers.create(new ContainerCreate("", state.imageId, spec, "{}", "{}", false, null,
                false));
        String id = container.id();
        out.stream(" ---> Running in " + id.substring(0, 12) + "\n");
        boolean ok = false;
        try {
            CompletionStage<Integer> exit = containers.wait(id, ContainerService.WaitCondition.NEXT_EXIT);
            int code;
            try (ContainerService.Attachment attachment = containers.attach(id, false, true, true, (stream, time, data) -> {
                out.stream(new String(data, StandardCharsets.UTF_8)); // held back by q=1 until a failure
                return true;
            })) {
                containers.start(id);
                code = exit.toCompletableFuture().get();
                attachment.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                code = exit.toCompletableFuture().getNow(-1);
            }
            if (code != 0) {
                throw new BuildFailedException("The command '" + String.join(" ", cmd)
                        + "' returned a non-zero code: " + code, code);
            }
            state.imageId = layers.commitContainer(id, state.imageId,
                    new ImageLayers.Step(state.config.toImageConfig(), createdBy, "", ""));
            cache.put(key, state.imageId, createdBy);
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException("build interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BuildFailedException("The command '" + String.join(" ", cmd) + "' failed: " + e.getCause());
        } finally {
            if (request.forceRemove() || (ok && request.remove())) {
                try {
                    containers.remove(id, true);
                    out.stream("Removing intermediate container " + id.substring(0, 12) + "\n");
                } catch (RuntimeException e) {
                    // the build's result does not depend on it
                }
            }
        }
    }

    private void copy(State state, Instruction i, ShellLex lex) {
        String name = i.keyword();
        List<String> args = i.isJson() ? i.json().stream().map(lex::processWord).toList() : lex.processWords(i.rest());
        if (args.size() < 2) {
            throw new InvalidParameterException(name + " requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined.");
        }
        for (String flag : i.flags().keySet()) {
            if (!Set.of("from", "chown", "chmod").contains(flag)) {
                throw new InvalidParameterException("Unknown flag: " + flag);
            }
        }
        String dest = args.get(args.size() - 1);
        if (!dest.startsWith("/")) {
            String base = state.config.workingDir.isEmpty() ? "/" : state.config.workingDir;
            boolean dir = dest.endsWith("/") || dest.equals(".");
            dest = normalise(base + "/" + dest) + (dir ? "/" : "");
        }
        String imageId = state.imageId;
        int[] owner = ChownFlag.resolve(i.flags().get("chown"),
                () -> imageId.isEmpty() ? java.io.InputStream.nullInputStream() : layers.exportRootfs(imageId));
        List<String> sourceArgs = args.subList(0, args.size() - 1);
        for (String source : sourceArgs) {
            if (source.startsWith("http://") || source.startsWith("https://")) {
                throw new InvalidParameterException("ADD from a URL (" + source + ") is not supported by this daemon");
            }
        }
        String from = i.flags().get("from");
        List<Path> scratch = new ArrayList<>();
        List<ConfinedRoot> opened = new ArrayList<>();
        try {
            ConfinedRoot root = context;
            if (from != null) {
                String fromImage = stageImages.get(lex.processWord(from).toLowerCase(Locale.ROOT));
                if (fromImage == null) {
                    fromImage = images.inspect(lex.processWord(from)).id();
                }
                Path exported = cache.tempDir("from-");
                scratch.add(exported);
                root = RootfsExport.export(layers, fromImage, exported);
                opened.add(root);
            }
            CopyLayer layer = new CopyLayer(root, dest, owner[0], owner[1], chmod(i.flags().get("chmod")));
            List<String> sources = layer.sources(sourceArgs, name);
            if (name.equals("ADD") && from == null && sources.size() == 1 && LocalArchives.isArchive(root, sources.get(0))) {
                // ADD unpacks a local tar (plain, gzip, bzip2, xz) into the destination directory
                Path unpacked = cache.tempDir("add-");
                scratch.add(unpacked);
                ConfinedRoot archive = LocalArchives.extract(root, sources.get(0), unpacked);
                opened.add(archive);
                String dirDest = dest.endsWith("/") ? dest : dest + "/";
                layer = new CopyLayer(archive, dirDest, owner[0], owner[1], chmod(i.flags().get("chmod")));
                sources = List.of("/");
            }
            Path tmp = Files.createTempFile(cache.tempDir("copy-"), "layer-", ".tar");
            try {
                String digest;
                try (OutputStream o = Files.newOutputStream(tmp)) {
                    digest = layer.write(sources, o, name);
                }
                String what = sources.size() == 1 && layer.isDirectory(sources.get(0)) ? "dir" : sources.size() > 1 ? "multi" : "file";
                // dockerd's text: the destination as written, "--chown=u:g" glued to the source kind
                String chown = i.flags().get("chown");
                String createdBy = String.join(" ", state.config.shellOrDefault()) + " #(nop) " + name + " "
                        + (chown != null ? "--chown=" + chown : "") + what + ":" + digest.substring(7)
                        + " in " + args.get(args.size() - 1) + " ";
                String key = BuildCache.key(state.imageId, createdBy + "\n" + configDigest(state.config)
                        + "\n" + owner[0] + ":" + owner[1] + ":" + i.flags().get("chmod"), digest);
                Optional<String> cached = cached(key);
                if (cached.isPresent()) {
                    out.stream(" ---> Using cache\n");
                    state.imageId = cached.get();
                    return;
                }
                try (InputStream in = Files.newInputStream(tmp)) {
                    state.imageId = layers.addLayer(state.imageId, in,
                            new ImageLayers.Step(state.config.toImageConfig(), createdBy, "", ""));
                }
                cache.put(key, state.imageId, createdBy);
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(tmp.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + " failed: " + e.getMessage(), e);
        } finally {
            opened.forEach(ConfinedRoot::close);
            scratch.forEach(RootfsExport::delete);
        }
    }

    /** "--chmod=755" (octal), -1 when absent. */
    private static int chmod(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        try {
            int mode = Integer.parseInt(text, 8);
            if (mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid chmod parameter: " + text
                    + ". it should be octal string and between 0 and 07777");
        }
    }

    /** KEY=VALUE pairs (or the legacy "KEY value" form) of ENV and LABEL, each side processed. */
    private Map<String, String> pairs(Instruction i, ShellLex lex) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> words = ShellLex.rawWords(i.rest(), escape);
        if (words.isEmpty()) {
            throw new DockerfileParseException(i.line(), i.keyword() + " requires at least one argument");
        }
        if (!words.get(0).contains("=")) {
            if (words.size() < 2) {
                throw new DockerfileParseException(i.line(), i.keyword() + " must have two arguments");
            }
            String rest = i.rest().substring(i.rest().indexOf(words.get(0)) + words.get(0).length()).strip();
            out.put(lex.processWord(words.get(0)), lex.processWord(rest));
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new DockerfileParseException(i.line(), "Syntax error - can't find = in \"" + w
                        + "\". Must be of the form: name=value");
            }
            out.put(lex.processWord(w.substring(0, eq)), lex.processWord(w.substring(eq + 1)));
        }
        return out;
    }

    /** ARG name[=default] ... (value null without default). */
    private Map<String, String> argPairs(Instruction i, ShellLex lex) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> words = ShellLex.rawWords(i.rest(), escape);
        if (words.isEmpty()) {
            throw new DockerfileParseException(i.line(), "ARG requires exactly one argument");
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq == 0) {
                throw new DockerfileParseException(i.line(), "ARG names can not be blank");
            }
            out.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? null : lex.processWord(w.substring(eq + 1)));
        }
        return out;
    }

    private static String joinPairs(Map<String, String> pairs) {
        List<String> parts = new ArrayList<>();
        pairs.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    private static String singleQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String jsonText(List<String> list) {
        List<String> quoted = new ArrayList<>();
        list.forEach(s -> quoted.add(quote(s)));
        return "[" + String.join(" ", quoted) + "]";
    }

    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String shortId(String id) {
        if (id == null || id.isEmpty()) {
            return "";
        }
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    private static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
