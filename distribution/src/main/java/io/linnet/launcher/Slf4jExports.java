package io.linnet.launcher;

import org.slf4j.Logger;

/** The SLF4J packages the system bundle exports, at the version on the launcher's class path. */
final class Slf4jExports {
    private Slf4jExports() {
    }

    static String packages() {
        String version = Logger.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = "2.0.0";
        }
        String v = ";version=\"" + version + "\"";
        return "org.slf4j" + v + ",org.slf4j.spi" + v + ",org.slf4j.helpers" + v + ",org.slf4j.event" + v;
    }
}
