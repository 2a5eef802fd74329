package org.layercanvas.formats.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * A folder of images with one subfolder per class, as torchvision's ImageFolder and Keras'
 * image_dataset_from_directory read it: the classes are the subfolders in name order, each with its
 * .png, .jpg, .jpeg, .gif and .bmp files in name order. Hidden files and folders are left out, and so
 * are other files (a README, Thumbs.db), except WebP images, which are refused rather than silently missed.
 */
record ImageFolder(Path folder, List<ImageClass> classes) {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");
    static final String EXTENSIONS_SHOWN = ".png, .jpg, .jpeg, .gif or .bmp";

    /** One class: its name (the subfolder's) and its image files in name order. */
    record ImageClass(String name, List<Path> images) {
    }

    /** The number of images in all classes. */
    int count() {
        return classes.stream().mapToInt(c -> c.images().size()).sum();
    }

    /**
     * The classes of {@code folder}.
     *
     * @throws DataFormatException fewer than two classes, a class without images, or a WebP image
     * @throws IOException         the folder is missing or a file
     */
    static ImageFolder scan(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            throw new NoSuchFileException(Quoted.path(folder));
        }
        if (!Files.isDirectory(folder)) {
            throw new DataFormatException(Quoted.path(folder) + ": is a file, not a folder of images with one subfolder per class");
        }
        List<ImageClass> classes = new ArrayList<>();
        for (Path sub : visible(folder)) {
            if (Files.isDirectory(sub)) {
                List<Path> images = images(sub);
                if (images.isEmpty()) {
                    throw new DataFormatException(Quoted.path(sub) + ": class " + Quoted.name(sub.getFileName()) + " has no images (" + EXTENSIONS_SHOWN + ")");
                }
                classes.add(new ImageClass(sub.getFileName().toString(), images));
            }
        }
        if (classes.size() < 2) {
            throw new DataFormatException(Quoted.path(folder) + ": has " + classes.size() + " class folder" + (classes.size() == 1 ? "" : "s")
                    + "; a folder of images needs one subfolder per class, at least 2");
        }
        return new ImageFolder(folder, List.copyOf(classes));
    }

    /** Whether {@code folder} looks like a folder of images: at least two subfolders holding images. */
    static boolean looksLikeOne(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        int withImages = 0;
        for (Path sub : visible(folder)) {
            if (Files.isDirectory(sub) && visible(sub).stream().anyMatch(f -> isImage(f) || isWebP(f))) {
                withImages++;
            }
        }
        return withImages >= 2;
    }

    private static List<Path> images(Path classFolder) throws IOException {
        List<Path> images = new ArrayList<>();
        for (Path f : visible(classFolder)) {
            if (isWebP(f)) {
                throw new DataFormatException(Quoted.path(f) + ": WebP has no Java decoder here: convert it to PNG");
            }
            if (isImage(f)) {
                images.add(f);
            }
        }
        return images;
    }

    private static boolean isImage(Path f) {
        return EXTENSIONS.contains(extension(f)) && Files.isRegularFile(f);
    }

    private static boolean isWebP(Path f) {
        return extension(f).equals("webp") && Files.isRegularFile(f);
    }

    private static String extension(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The entries of {@code dir} in name order (by code unit, the same on every system), without hidden ones. */
    private static List<Path> visible(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> shown = new ArrayList<>();
            for (Path p : entries.sorted(Comparator.comparing((Path p) -> p.getFileName().toString())).toList()) {
                if (!p.getFileName().toString().startsWith(".") && !Files.isHidden(p)) {
                    shown.add(p);
                }
            }
            return shown;
        } catch (IOException e) {
            throw FileErrors.reading(dir, e);
        }
    }
}
