package org.layercanvas.formats.data;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Quoted;

/**
 * A folder of images with one subfolder per class ({@link ImageFolder}):
 * <pre>{"type": "images", "path": "flowers", "shape": [3, 64, 64], "grayscale": false, "split": {"test": 0.2, "seed": 7}, "subset": "train"}</pre>
 * Features [C, H, W] (channel-major, as PyTorch) of values 0..255, each image resized to H×W
 * ({@link Resampling}) and converted to C = 1 (grey) or 3 (RGB) channels ({@link ImageDecoder}); the
 * target is the class index [1], classNames the subfolders in name order. {@code shape} defaults to the
 * first image's size, with 1 channel when it is grey or {@code grayscale} is true. {@code split} holds out
 * the fraction {@code test} of each class, chosen by {@code seed} (default 0), and {@code subset} ("train",
 * the default, or "test") says which part to read, so one folder serves as training and test data.
 */
public final class ImageFolderReader implements DatasetReader {
    private static final String TYPE = "images";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<DataSource> recognise(Path folder) throws IOException {
        if (!ImageFolder.looksLikeOne(folder)) {
            return Optional.empty();
        }
        ImageFolder images = ImageFolder.scan(folder);
        ImageDecoder.Header first = ImageDecoder.header(firstImage(images));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", folder.toAbsolutePath().normalize().toString());
        fields.put("shape", List.of(first.grey() ? 1 : 3, first.height(), first.width()));
        return Optional.of(new DataSource(TYPE, fields));
    }

    @Override
    public String recognisedFiles() {
        return "folders of images, one subfolder per class";
    }

    @Override
    public List<String> contents(Path folder) throws IOException {
        if (!ImageFolder.looksLikeOne(folder)) {
            return List.of();
        }
        ImageFolder images = ImageFolder.scan(folder);
        List<String> lines = new ArrayList<>();
        for (ImageFolder.ImageClass c : images.classes()) {
            lines.add(Quoted.shown(c.name()) + " " + c.images().size() + " image" + (c.images().size() == 1 ? "" : "s"));
        }
        Path first = firstImage(images);
        ImageDecoder.Header header = ImageDecoder.header(first);
        lines.add("first image " + Quoted.path(folder.relativize(first)) + ": " + header.width() + "×" + header.height() + " " + header.mode());
        return lines;
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        SourceFields f = new SourceFields(source, Set.of("path", "shape", "grayscale", "split", "subset"));
        Path folder = f.path("path", baseDir);
        boolean grayscale = f.bool("grayscale", false);
        int[] shape = shape(f.raw("shape"), grayscale);
        Split split = Split.of(f.raw("split"));
        String subset = f.string("subset", "train");
        if (!subset.equals("train") && !subset.equals("test")) {
            throw new IllegalArgumentException(field("subset") + " must be \"train\" or \"test\", not " + Quoted.of(subset));
        }
        if (subset.equals("test") && split == null) {
            throw new IllegalArgumentException(field("subset") + " \"test\" needs a \"split\" ({\"test\": 0.2, \"seed\": 7}) that says which images are for testing");
        }
        ImageFolder images = ImageFolder.scan(folder);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < images.classes().size(); c++) {
            for (Path file : subset(images.classes().get(c).images(), split, subset.equals("test"))) {
                files.add(file);
                labels.add(c);
            }
        }
        if (files.isEmpty()) {
            throw new DataFormatException(Quoted.path(folder) + ": the split leaves no images for \"" + subset + "\" ("
                    + images.count() + " images, " + split.test() + " of each class for testing)");
        }
        if (shape == null) { // the folder's first image, not the subset's, so that train and test agree
            ImageDecoder.Header first = ImageDecoder.header(firstImage(images));
            shape = new int[] {first.grey() || grayscale ? 1 : 3, first.height(), first.width()};
        }
        requireRoom(folder, files.size(), shape);
        float[] targets = new float[files.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = labels.get(i);
        }
        List<String> classNames = images.classes().stream().map(ImageFolder.ImageClass::name).toList();
        return new Dataset(decodeAll(files, shape), Shape.of(shape), targets, Shape.of(1), files.size(), classNames);
    }

    /**
     * The images decoded into features [count, C, H, W]. Decoding takes most of the time (~6 ms of CPU for a
     * 640×480 JPEG here) and images are independent, so they decode in parallel; a bad image is reported as the
     * first in folder order, whichever thread met it first.
     */
    private static float[] decodeAll(List<Path> files, int[] shape) throws IOException {
        int channels = shape[0], height = shape[1], width = shape[2], size = channels * height * width;
        float[] features = new float[files.size() * size];
        IOException[] failures = new IOException[files.size()];
        AtomicInteger firstFailure = new AtomicInteger(files.size());
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            if (i > firstFailure.get()) {
                return; // only a bad image before the first met so far can change the message
            }
            try {
                System.arraycopy(ImageDecoder.decode(files.get(i), channels, height, width), 0, features, i * size, size);
            } catch (IOException e) {
                failures[i] = e;
                firstFailure.accumulateAndGet(i, Math::min);
            }
        });
        if (firstFailure.get() < files.size()) {
            throw failures[firstFailure.get()];
        }
        return features;
    }

    /** Refuses, before decoding anything, features that no array holds or that would not fit in the heap. */
    private static void requireRoom(Path folder, int count, int[] shape) throws DataFormatException {
        BigInteger values = BigInteger.valueOf(count); // C·H·W alone may overflow a long
        for (int d : shape) {
            values = values.multiply(BigInteger.valueOf(d));
        }
        String what = Quoted.path(folder) + ": " + count + " images of shape " + Arrays.toString(shape) + " are " + values + " values, ";
        if (values.compareTo(BigInteger.valueOf(Shape.MAX_ELEMENTS)) > 0) {
            throw new DataFormatException(what + "more than one array holds (" + Shape.MAX_ELEMENTS + "); choose a smaller shape");
        }
        DataMemory.require(values.longValue(), Quoted.path(folder) + ": " + count + " images of shape " + Arrays.toString(shape));
    }

    private static Path firstImage(ImageFolder images) {
        return images.classes().get(0).images().get(0);
    }

    /** The images of one class in {@code subset}, in name order. */
    private static List<Path> subset(List<Path> images, Split split, boolean test) {
        if (split == null) {
            return images;
        }
        Set<Path> held = split.heldOut(images);
        return images.stream().filter(p -> held.contains(p) == test).toList();
    }

    /**
     * The fraction {@code test} of each class held out for testing: the class's files (in name order)
     * shuffled by {@code Random(seed)}, the first round(test · n) of them. A Random of its own per class keeps a
     * class's split unchanged when other classes gain or lose images.
     */
    record Split(double test, long seed) {
        static Split of(Object value) {
            if (value == null) {
                return null;
            }
            String usage = field("split") + " must be {\"test\": a fraction between 0 and 1, \"seed\": an integer}";
            if (!(value instanceof Map<?, ?> m) || !m.containsKey("test") || !Set.of("test", "seed").containsAll(m.keySet())) {
                throw new IllegalArgumentException(usage + ", not " + Quoted.of(value));
            }
            Object seed = m.get("seed");
            if (!(m.get("test") instanceof Number t) || !(t.doubleValue() > 0 && t.doubleValue() < 1)) {
                throw new IllegalArgumentException(usage + "; \"test\" is " + Quoted.of(m.get("test")));
            }
            if (seed != null && !(seed instanceof Integer || seed instanceof Long)) {
                throw new IllegalArgumentException(usage + "; \"seed\" is " + Quoted.of(seed));
            }
            return new Split(t.doubleValue(), seed == null ? 0 : ((Number) seed).longValue());
        }

        Set<Path> heldOut(List<Path> images) {
            List<Path> shuffled = new ArrayList<>(images);
            Collections.shuffle(shuffled, new Random(seed));
            return new HashSet<>(shuffled.subList(0, (int) Math.round(test * images.size())));
        }
    }

    /** The shape field as [C, H, W], or null to take the first image's. */
    private static int[] shape(Object value, boolean grayscale) {
        if (value == null) {
            return null;
        }
        String usage = field("shape") + " must be [C, H, W] with C 1 (grey) or 3 (RGB) and positive H and W";
        if (!(value instanceof List<?> l) || l.size() != 3 || !l.stream().allMatch(d -> d instanceof Integer i && i > 0)
                || !(l.get(0).equals(1) || l.get(0).equals(3))) {
            throw new IllegalArgumentException(usage + ", not " + Quoted.of(value));
        }
        int[] shape = l.stream().mapToInt(d -> (Integer) d).toArray();
        if (grayscale && shape[0] != 1) {
            throw new IllegalArgumentException(field("shape") + " has 3 channels but \"grayscale\" is true: give [1, H, W]");
        }
        return shape;
    }

    private static String field(String name) {
        return "data source " + Quoted.name(TYPE) + ": " + Quoted.name(name);
    }
}
