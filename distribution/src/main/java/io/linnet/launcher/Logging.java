package io.linnet.launcher;

/** slf4j-simple settings, made before the first logger exists. */
final class Logging {
    private Logging() {
    }

    /** dockerd's --log-level names (logrus) to slf4j-simple's. */
    static String level(String logLevel) {
        return switch (logLevel.toLowerCase(java.util.Locale.ROOT)) {
            case "trace" -> "trace";
            case "debug" -> "debug";
            case "info", "" -> "info";
            case "warn", "warning" -> "warn";
            case "error", "fatal", "panic" -> "error";
            default -> throw new IllegalArgumentException("unable to parse logging level: " + logLevel);
        };
    }

    /** --debug wins over --log-level, as dockerd's. */
    static void configure(boolean debug, String logLevel) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : level(logLevel));
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        // Frameworks' own chatter only when debugging.
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", debug ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.log.io.grpc", debug ? "info" : "warn");
        java.util.logging.Logger.getLogger("").setLevel(debug ? java.util.logging.Level.INFO
                : java.util.logging.Level.WARNING);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * A reload's debug and log-level, in place (dockerd changes its level on SIGHUP): the default level of
     * slf4j-simple's loggers, those made already and those to come; loggers given a level of their own
     * (Jetty's, gRPC's) keep it. slf4j-simple has no API for this: its package-private fields are set by
     * reflection, and a failure leaves the level as it was.
     */
    static void relevel(boolean debug, String logLevel) {
        String name = debug ? "debug" : level(logLevel);
        try {
            Class<?> simple = Class.forName("org.slf4j.simple.SimpleLogger");
            Class<?> configuration = Class.forName("org.slf4j.simple.SimpleLoggerConfiguration");
            java.lang.reflect.Method toLevel = configuration.getDeclaredMethod("stringToLevel", String.class);
            toLevel.setAccessible(true);
            int level = (Integer) toLevel.invoke(null, name);
            java.lang.reflect.Field params = simple.getDeclaredField("CONFIG_PARAMS");
            params.setAccessible(true);
            java.lang.reflect.Field defaultLevel = configuration.getDeclaredField("defaultLogLevel");
            defaultLevel.setAccessible(true);
            defaultLevel.setInt(params.get(null), level);
            java.lang.reflect.Field loggers = Class.forName("org.slf4j.simple.SimpleLoggerFactory")
                    .getDeclaredField("loggerMap");
            loggers.setAccessible(true);
            java.lang.reflect.Method own = simple.getDeclaredMethod("recursivelyComputeLevelString");
            own.setAccessible(true);
            java.lang.reflect.Field current = simple.getDeclaredField("currentLogLevel");
            current.setAccessible(true);
            Object factory = org.slf4j.LoggerFactory.getILoggerFactory();
            for (Object logger : ((java.util.Map<?, ?>) loggers.get(factory)).values()) {
                if (simple.isInstance(logger) && own.invoke(logger) == null) {
                    current.setInt(logger, level);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger("linnetd").warn("the log level stays until a restart: {}", e.toString());
        }
    }
}
