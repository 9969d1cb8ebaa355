package io.linnet.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real docker CLI pointed at one daemon: {@code DOCKER_HOST}, a {@code DOCKER_CONFIG} of that
 * daemon's own (logins never touch the user's ~/.docker), and a time limit on every command. Build
 * with {@link #build}, which asks for the classic builder ({@code DOCKER_BUILDKIT=0}) as Linnet
 * serves it; {@link #shell} for pipes into the CLI; {@link #process} for a client that runs on while
 * the test talks to it (a terminal, a stream of events). Immutable: {@code with...} gives a copy.
 */
public final class DockerCli {
    private final Map<String, String> env;
    private final Duration timeout;

    private DockerCli(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    /** The CLI for a daemon at {@code dockerHost} (unix://… or tcp://…) with its config in {@code config}. */
    public static DockerCli at(String dockerHost, Path config) {
        return new DockerCli(Map.of("DOCKER_HOST", dockerHost, "DOCKER_CONFIG", config.toString()), Commands.TIMEOUT);
    }

    /** The CLI for a daemon at {@code dockerHost}, with the user's own docker config. */
    public static DockerCli at(String dockerHost) {
        return new DockerCli(Map.of("DOCKER_HOST", dockerHost), Commands.TIMEOUT);
    }

    /** The same CLI with one more environment variable (for a client run beside it: docker-py, a JVM). */
    public DockerCli withEnv(String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return new DockerCli(more, timeout);
    }

    /** The same CLI with another time limit per command. */
    public DockerCli withTimeout(Duration limit) {
        return new DockerCli(env, limit);
    }

    /** The environment the commands run with (on top of this JVM's). */
    public Map<String, String> env() {
        return env;
    }

    /** {@code docker args...} */
    public Commands.Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return Commands.run(env, command, timeout);
    }

    /** {@code DOCKER_BUILDKIT=0 docker build args... context}: the classic builder. */
    public Commands.Result build(Path context, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "build"));
        command.addAll(List.of(args));
        command.add(context.toString());
        return Commands.run(classicBuilder(), command, timeout);
    }

    /** A shell command line ({@code sh -c}), for pipes into the CLI: {@code printf x | docker run -i ...}. */
    public Commands.Result shell(String script) throws IOException, InterruptedException {
        return run("sh", "-c", script);
    }

    /** Any program with this CLI's environment (a terminal wrapper, another Docker client). */
    public Commands.Result run(String... command) throws IOException, InterruptedException {
        return Commands.run(env, List.of(command), timeout);
    }

    /** A process to start with this CLI's environment, for a client the test keeps talking to. */
    public ProcessBuilder process(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return pb;
    }

    private Map<String, String> classicBuilder() {
        Map<String, String> withBuilder = new HashMap<>(env);
        withBuilder.put("DOCKER_BUILDKIT", "0");
        return withBuilder;
    }
}
