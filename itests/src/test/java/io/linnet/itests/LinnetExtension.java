package io.linnet.itests;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * The lifecycle {@link WithLinnet} asks for: one daemon per test class (shared with its
 * {@code @Nested} classes), set up before the class's own {@code @BeforeAll} methods and torn down
 * after its {@code @AfterAll} methods. The tear-down is a resource in the class's extension store,
 * put there before anything starts, so JUnit runs it also when the set-up threw half-way:
 * containers removed, daemon stopped (SIGTERM, then its process tree), registry stopped, any
 * process still naming the root (a shim) killed, root deleted unless something is still mounted
 * below it. {@code -Dlinnet.itests.keepRoots=true} keeps the roots; a failed test prints the end
 * of the daemon's log.
 */
public final class LinnetExtension implements BeforeAllCallback, AfterEachCallback,
        TestInstancePostProcessor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LinnetExtension.class);
    private static final String KEY = "linnet";
    private static final int LOG_TAIL_LINES = 80;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Session session = context.getStore(NAMESPACE).get(KEY, Session.class);
        if (session == null) { // not a @Nested class of one that has its daemon already
            WithLinnet config = testClass.getAnnotation(WithLinnet.class);
            if (config == null) {
                throw new IllegalStateException(testClass.getName() + " registers LinnetExtension without @WithLinnet");
            }
            session = new Session(config);
            // in the store before anything starts: JUnit closes it after the class whatever happens
            context.getStore(NAMESPACE).put(KEY, session);
            session.start(testClass);
        }
        injectFields(testClass, null, session);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        injectFields(testInstance.getClass(), testInstance, session(context));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Session session = session(context);
        if (context.getExecutionException().isPresent() && session.daemon != null) {
            System.err.println(session.logTail(context.getDisplayName()));
        }
        if (session.config.removeContainers() && session.daemon != null && session.daemon.process().isAlive()) {
            session.daemon.removeAllContainers();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LinnetDaemon.class || type == DockerCli.class || type == LocalRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = session(context);
        Object value = session.valueOf(parameter.getParameter().getType());
        if (value == null) {
            throw new ParameterResolutionException("no " + parameter.getParameter().getType().getSimpleName()
                    + " for " + parameter.getDeclaringExecutable() + ": @WithLinnet(registry = true) starts a registry");
        }
        return value;
    }

    private static Session session(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).get(KEY, Session.class);
        if (session == null) {
            throw new IllegalStateException("no daemon: the test class needs @WithLinnet");
        }
        return session;
    }

    /** Sets the {@link WithLinnet.Inject} fields of the class (and its superclasses): static ones when instance is null. */
    private static void injectFields(Class<?> type, Object instance, Session session) throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!field.isAnnotationPresent(WithLinnet.Inject.class)
                        || Modifier.isStatic(field.getModifiers()) != (instance == null)) {
                    continue;
                }
                Object value = session.valueOf(field.getType());
                if (value == null) {
                    throw new IllegalStateException("nothing to inject into " + field
                            + ": a LinnetDaemon, DockerCli or LocalRegistry (with @WithLinnet(registry = true)) field");
                }
                field.setAccessible(true);
                field.set(instance, value);
            }
        }
    }

    /** What one class (and its nested classes) uses, and its tear-down. */
    private static final class Session implements ExtensionContext.Store.CloseableResource {
        final WithLinnet config;
        LinnetDaemon daemon;
        LocalRegistry registry;

        Session(WithLinnet config) {
            this.config = config;
        }

        void start(Class<?> testClass) throws Exception {
            List<String> args = new ArrayList<>(List.of(config.args()));
            if (!config.argsFrom().isEmpty()) {
                args.addAll(argsFrom(testClass, config.argsFrom()));
            }
            daemon = LinnetDaemon.startFrom(LinnetDaemon.home(config.distribution()), args.toArray(String[]::new));
            if (config.registry()) {
                registry = LocalRegistry.start(daemon.root.resolve("registry"), null);
            }
            if (config.busybox()) {
                String marker = config.busyboxMarker().isEmpty() ? defaultMarker(testClass) : config.busyboxMarker();
                daemon.loadBusybox(Files.createDirectories(daemon.root.resolve("test-images")), marker);
            }
        }

        Object valueOf(Class<?> type) {
            if (type == LinnetDaemon.class) {
                return daemon;
            }
            if (type == DockerCli.class) {
                return daemon == null ? null : daemon.cli();
            }
            if (type == LocalRegistry.class) {
                return registry;
            }
            return null;
        }

        String logTail(String test) {
            List<String> lines = daemon.logText().lines().toList();
            return "---- " + test + " failed; the last lines of " + daemon.log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }

        @Override
        public void close() throws Throwable {
            List<Throwable> failures = new ArrayList<>();
            if (daemon != null) {
                attempt(failures, () -> {
                    if (daemon.process().isAlive()) {
                        daemon.removeAllContainers();
                    }
                });
                attempt(failures, daemon::close);
            }
            if (registry != null) { // before the look for strays: it serves from below the daemon's root
                attempt(failures, registry::close);
            }
            if (daemon != null) {
                attempt(failures, this::killStrays);
                if (!Boolean.getBoolean("linnet.itests.keepRoots")) {
                    attempt(failures, this::deleteRoot);
                }
            }
            if (!failures.isEmpty()) {
                Throwable first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }

        private void killStrays() throws Exception {
            List<ProcessHandle> strays = daemon.strays();
            for (ProcessHandle stray : strays) {
                System.err.println("killing " + stray.pid() + " left by linnetd: " + stray.info().commandLine().orElse("?"));
                stray.destroyForcibly();
            }
            for (ProcessHandle stray : strays) {
                stray.onExit().get(10, TimeUnit.SECONDS);
            }
        }

        private void deleteRoot() throws Exception {
            List<String> mounts = daemon.deleteRoot();
            if (!mounts.isEmpty()) {
                System.err.println("kept " + daemon.root + ": still mounted below it: " + mounts);
            }
        }

        /** Runs one step of the tear-down; a failure is kept for the end, the other steps still run. */
        private static void attempt(List<Throwable> failures, Step step) {
            try {
                step.run();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }

        private interface Step {
            void run() throws Exception;
        }

        /** ArchiveEndToEndIT: "archive"; the marker classes used before the extension. */
        private static String defaultMarker(Class<?> testClass) {
            return testClass.getSimpleName().replaceFirst("(EndToEnd)?IT$", "").toLowerCase(Locale.ROOT);
        }

        private static List<String> argsFrom(Class<?> testClass, String methodName) throws Exception {
            Method method = testClass.getDeclaredMethod(methodName);
            if (!Modifier.isStatic(method.getModifiers())) {
                throw new IllegalStateException("@WithLinnet(argsFrom) names a static method: " + method);
            }
            method.setAccessible(true);
            Object value;
            try {
                value = method.invoke(null);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (value instanceof String[] array) {
                return List.of(array);
            }
            if (value instanceof Collection<?> collection) {
                return collection.stream().map(String::valueOf).toList();
            }
            throw new IllegalStateException(method + " returns " + value + ", not String[] or List<String>");
        }
    }
}
