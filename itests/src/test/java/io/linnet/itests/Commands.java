package io.linnet.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real command line tool (docker, curl, containerd) and captures what it prints. */
public final class Commands {
    private Commands() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    /** The time a command may take unless its caller says otherwise. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    public static Result run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        return run(env, command, TIMEOUT);
    }

    /** Runs {@code command} with {@code env} added to this JVM's environment; kills it after {@code timeout}. */
    public static Result run(Map<String, String> env, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + command);
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), List.of(command));
    }

    /** The non-blank lines of a command's output, trimmed. */
    public static java.util.List<String> lines(String text) {
        return java.util.Arrays.stream(text.split("\n")).map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static String drain(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
