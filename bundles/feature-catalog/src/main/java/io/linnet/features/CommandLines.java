package io.linnet.features;

/**
 * Runs a command line of an OSGi shell inside the daemon (the optional feature linnet-gogo offers
 * Apache Felix Gogo's): {@code linnetd admin gogo LINE} reaches it through the admin socket, since
 * the daemon's stdin is no terminal (under systemd socket activation it is the API socket).
 */
public interface CommandLines {
    /** The text the command line printed, then its result as the shell shows it. */
    String execute(String line) throws Exception;
}
