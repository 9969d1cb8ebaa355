package io.linnet.engine.api.image;

/** One line of {@code docker rmi}'s answer: exactly one of the two is set, as dockerd reports. */
public record ImageDeleteResult(String untagged, String deleted) {
    public static ImageDeleteResult untagged(String familiarName) {
        return new ImageDeleteResult(familiarName, null);
    }

    public static ImageDeleteResult deleted(String id) {
        return new ImageDeleteResult(null, id);
    }
}
