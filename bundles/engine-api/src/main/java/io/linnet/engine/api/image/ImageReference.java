package io.linnet.engine.api.image;

import io.linnet.engine.api.InvalidParameterException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image reference, parsed and normalised as the docker/distribution reference package
 * does ({@code ParseNormalizedNamed}): "busybox" is docker.io/library/busybox, a first component
 * with a dot, a colon or "localhost" is a registry, and the error texts are dockerd's.
 *
 * @param domain registry host[:port], "docker.io" for Docker Hub
 * @param path   repository path inside the registry ("library/busybox")
 * @param tag    tag, or null
 * @param digest "algorithm:hex" digest, or null
 */
public record ImageReference(String domain, String path, String tag, String digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final int NAME_MAX = 255;

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
            "^((?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_ID = Pattern.compile("^[a-f0-9]{64}$");

    /** Parses and normalises a user's reference; no default tag is added. */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid();
        }
        if (ANCHORED_ID.matcher(text).matches()) {
            throw new InvalidParameterException("invalid repository name (" + text
                    + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDomain(text);
        String domain = split[0];
        String remainder = split[1];
        String remoteName = remainder;
        int tagSep = remainder.indexOf(':');
        if (tagSep >= 0) {
            remoteName = remainder.substring(0, tagSep);
        }
        int at = remoteName.indexOf('@');
        if (at >= 0) {
            remoteName = remoteName.substring(0, at);
        }
        if (!remoteName.equals(remoteName.toLowerCase(Locale.ROOT))) {
            throw new InvalidParameterException("invalid reference format: repository name must be lowercase");
        }
        Matcher m = REFERENCE.matcher(domain + "/" + remainder);
        if (!m.matches()) {
            throw invalid();
        }
        String name = m.group(1);
        if (name.length() > NAME_MAX) {
            throw new InvalidParameterException("invalid reference format: repository name must not be more than "
                    + NAME_MAX + " characters");
        }
        String path = name.substring(domain.length() + 1);
        return new ImageReference(domain, path, m.group(2), m.group(3));
    }

    /** Parses a repository and tag given apart (the tag endpoint's {@code repo} and {@code tag}). */
    public static ImageReference parseRepositoryAndTag(String repository, String tag) {
        ImageReference repo = parse(repository);
        if (repo.digest() != null || repo.tag() != null && tag != null && !tag.isEmpty()) {
            throw invalid();
        }
        String effective = tag == null || tag.isEmpty() ? (repo.tag() != null ? repo.tag() : DEFAULT_TAG) : tag;
        if (!effective.matches(TAG)) {
            throw invalid();
        }
        return new ImageReference(repo.domain(), repo.path(), effective, null);
    }

    /** docker/distribution's splitDockerDomain. */
    private static String[] splitDomain(String name) {
        String domain;
        String remainder;
        int slash = name.indexOf('/');
        if (slash == -1 || !isDomain(name.substring(0, slash))) {
            domain = DEFAULT_DOMAIN;
            remainder = name;
        } else {
            domain = name.substring(0, slash);
            remainder = name.substring(slash + 1);
        }
        if (domain.equals(LEGACY_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') == -1) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static boolean isDomain(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT));
    }

    private static InvalidParameterException invalid() {
        return new InvalidParameterException("invalid reference format");
    }

    /** With "latest" when neither tag nor digest is given (TagNameOnly). */
    public ImageReference withDefaultTag() {
        return tag == null && digest == null ? new ImageReference(domain, path, DEFAULT_TAG, null) : this;
    }

    /** "docker.io/library/busybox". */
    public String repository() {
        return domain + "/" + path;
    }

    /** "busybox", "user/app", "localhost:5000/x": the repository as the CLI shows it. */
    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return repository();
        }
        return path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) == -1
                ? path.substring(OFFICIAL_PREFIX.length()) : path;
    }

    /** The full normalised reference, "docker.io/library/busybox:latest" (containerd's image name). */
    @Override
    public String toString() {
        return repository() + suffix();
    }

    /** As the CLI shows it: "busybox:latest", "localhost:5000/x:1", "busybox@sha256:…". */
    public String familiar() {
        return familiarRepository() + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
