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
}
