package io.linnet.builder;

import io.linnet.builder.dockerfile.Instruction;
import io.linnet.builder.dockerfile.ShellLex;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageService;
import io.linnet.files.ConfinedRoot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY and ADD: the sources, read from the context, a stage's or image's file system (--from) or
 * an ADDed local archive, become one layer. Every one of those is read through a confined root,
 * so a link in it is followed inside that root, never on the host.
 */
final class CopyStep {
    private final ImageService images;
    private final ImageLayers layers;
    /** The build cache's directory also holds the step's scratch files. */
    private final BuildCache scratchDirs;
    private final StepCache cache;
    private final ConfinedRoot context;
    private final StageImages stageImages;

    CopyStep(ImageService images, ImageLayers layers, BuildCache scratchDirs, StepCache cache, ConfinedRoot context,
            StageImages stageImages) {
        this.images = images;
        this.layers = layers;
        this.scratchDirs = scratchDirs;
        this.cache = cache;
        this.context = context;
        this.stageImages = stageImages;
    }

    void execute(StageState state, Instruction.Copy copy, ShellLex lex) {
        String name = copy.keyword();
        List<String> args = copy.paths().isJson() ? copy.paths().json().stream().map(lex::processWord).toList()
                : lex.processWords(copy.paths().text());
        if (args.size() < 2) {
            throw new InvalidParameterException(name + " requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined.");
        }
        String dest = args.get(args.size() - 1);
        if (!dest.startsWith("/")) {
            boolean dir = dest.endsWith("/") || dest.equals(".");
            dest = state.config.absolute(dest) + (dir ? "/" : "");
        }
        String imageId = state.imageId;
        int[] owner = ChownFlag.resolve(copy.chown(),
                () -> imageId.isEmpty() ? InputStream.nullInputStream() : layers.exportRootfs(imageId));
        List<String> sourceArgs = args.subList(0, args.size() - 1);
        for (String source : sourceArgs) {
            if (source.startsWith("http://") || source.startsWith("https://")) {
                throw new InvalidParameterException("ADD from a URL (" + source + ") is not supported by this daemon");
            }
        }
        List<Path> scratch = new ArrayList<>();
        List<ConfinedRoot> opened = new ArrayList<>();
        try {
            ConfinedRoot root = context;
            if (copy.from() != null) {
                String fromImage = fromImage(copy.from(), lex);
                Path exported = scratchDirs.tempDir("from-");
                scratch.add(exported);
                root = RootfsExport.export(layers, fromImage, exported);
                opened.add(root);
            }
            CopyLayer layer = new CopyLayer(root, dest, owner[0], owner[1], copy.chmod());
            List<String> sources = layer.sources(sourceArgs, name);
            if (copy.isAdd() && copy.from() == null && sources.size() == 1
                    && LocalArchives.isArchive(root, sources.get(0))) {
                // ADD unpacks a local tar (plain, gzip, bzip2, xz) into the destination directory
                Path unpacked = scratchDirs.tempDir("add-");
                scratch.add(unpacked);
                ConfinedRoot archive = LocalArchives.extract(root, sources.get(0), unpacked);
                opened.add(archive);
                String dirDest = dest.endsWith("/") ? dest : dest + "/";
                layer = new CopyLayer(archive, dirDest, owner[0], owner[1], copy.chmod());
                sources = List.of("/");
            }
            writeLayer(state, copy, layer, sources, args.get(args.size() - 1), owner);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " failed: " + e.getMessage(), e);
        } finally {
            opened.forEach(ConfinedRoot::close);
            scratch.forEach(RootfsExport::delete);
        }
    }

    /** --from: an earlier stage by name or index, else an image from the store. */
    private String fromImage(String from, ShellLex lex) {
        String fromImage = stageImages.find(lex.processWord(from));
        return fromImage != null ? fromImage : images.inspect(lex.processWord(from)).id();
    }

    /**
     * Writes the layer to a scratch file first, for its digest (the cache key depends on what is
     * copied), then moves the stage onto the cached image or onto a new one with that layer.
     */
    private void writeLayer(StageState state, Instruction.Copy copy, CopyLayer layer, List<String> sources,
            String destAsWritten, int[] owner) throws IOException {
        String name = copy.keyword();
        Path tmp = Files.createTempFile(scratchDirs.tempDir("copy-"), "layer-", ".tar");
        try {
            String digest;
            try (OutputStream o = Files.newOutputStream(tmp)) {
                digest = layer.write(sources, o, name);
            }
            String what = sources.size() == 1 && layer.isDirectory(sources.get(0)) ? "dir"
                    : sources.size() > 1 ? "multi" : "file";
            // dockerd's text: the destination as written, "--chown=u:g" glued to the source kind
            String createdBy = String.join(" ", state.config.shellOrDefault()) + " #(nop) " + name + " "
                    + (copy.chown() != null ? "--chown=" + copy.chown() : "") + what + ":" + digest.substring(7)
                    + " in " + destAsWritten + " ";
            String key = StepCache.key(state, createdBy,
                    "\n" + owner[0] + ":" + owner[1] + ":" + copy.flags().get("chmod"), digest);
            if (cache.reuse(state, key)) {
                return;
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                state.imageId = layers.addLayer(state.imageId, in,
                        new ImageLayers.Step(state.config.toImageConfig(), createdBy, "", ""));
            }
            cache.record(key, state.imageId, createdBy);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp.getParent());
        }
    }
}
