package org.layercanvas.formats.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * NumPy .npy files: {@code {"type": "npy", "features": "x.npy", "labels": "y.npy"}}, optional {@code "nan"}
 * ("refuse" or "drop"). Features [N, ...] give samples of shape [...]; labels [N] are numbers or strings (classes).
 */
public final class NpyDatasetReader implements DatasetReader {
    /**
     * A features or labels name with an optional prefix and suffix shared by the pair: x_train.npy goes with
     * y_train.npy, higgs_x.npy with higgs_y.npy.
     */
    private static final Pattern NAMED = Pattern.compile("(.*[_.-])?(" + String.join("|", NumpyData.FEATURE_NAMES) + "|"
            + String.join("|", NumpyData.LABEL_NAMES) + ")([_.-].*)?");

    @Override
    public String type() {
        return "npy";
    }

    @Override
    public Set<String> pathFields() {
        return Set.of("features", "labels");
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        Pair p = pair(source, baseDir);
        return NumpyData.dataset(NpyArray.read(p.featuresFile, p.features, NpyArray.WINDOW), NpyArray.read(p.labelsFile, p.labels, NpyArray.WINDOW), p.nan);
    }

    /** The features memory-mapped and read as training visits them; the labels in memory. */
    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public Samples open(DataSource source, Path baseDir, long inMemoryValues) throws IOException {
        Pair p = pair(source, baseDir);
        if (p.features.fortranOrder() && p.features.shape().length > 1) {
            throw FileSamples.cannotStream(p.features.where(), "its array is in Fortran order; save it with numpy.ascontiguousarray");
        }
        NumpyData.Targets y = NumpyData.targets(NpyArray.read(p.labelsFile, p.labels, NpyArray.WINDOW));
        return FileSamples.open(new NpyRows(p.featuresFile, p.features), (int) p.features.shape()[0], NumpyData.perSample(p.features), y.values(),
                y.shape(), y.classNames(), 0, p.nan, p.features.where(), p.labels.where(), inMemoryValues, () -> read(source, baseDir));
    }

    /** A source's two files and their headers, checked to make a dataset. */
    private record Pair(Path featuresFile, Path labelsFile, String nan, NpyArray.Header features, NpyArray.Header labels) {
    }

    private Pair pair(DataSource source, Path baseDir) throws IOException {
        SourceFields f = new SourceFields(source, Set.of("features", "labels", NonFinite.FIELD));
        Path featuresFile = f.path("features", baseDir), labelsFile = f.path("labels", baseDir);
        String nan = NonFinite.policy(f, type());
        NpyArray.Header features = NpyArray.header(featuresFile), labels = NpyArray.header(labelsFile);
        NumpyData.requireMatching(features, labels);
        return new Pair(featuresFile, labelsFile, nan, features, labels);
    }

    /** A .npy file with its partner beside it: x.npy with y.npy (or labels.npy, …), y.npy with x.npy (or features.npy, …). */
    @Override
    public Optional<DataSource> recognise(Path file) throws IOException {
        String stem = stem(file);
        if (stem == null) {
            return Optional.empty();
        }
        Matcher m = NAMED.matcher(stem);
        boolean named = m.matches(), labels = named && NumpyData.LABEL_NAMES.contains(m.group(2));
        String prefix = named && m.group(1) != null ? m.group(1) : "", suffix = named && m.group(3) != null ? m.group(3) : "";
        List<String> wanted = (labels ? NumpyData.FEATURE_NAMES : NumpyData.LABEL_NAMES).stream().map(n -> prefix + n + suffix + ".npy").toList();
        Path partner = beside(file, wanted, labels ? "features" : "labels");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("features", (labels ? partner : file).toAbsolutePath().normalize().toString());
        fields.put("labels", (labels ? file : partner).toAbsolutePath().normalize().toString());
        return Optional.of(new DataSource(type(), fields));
    }

    @Override
    public String recognisedFiles() {
        return "NumPy .npy (x.npy with y.npy beside it) and .npz";
    }

    @Override
    public List<String> contents(Path file) throws IOException {
        return stem(file) == null ? List.of()
                : List.of(file.getFileName().toString().replaceFirst("(?i)\\.npy$", "") + " " + NpyArray.header(file).describe());
    }

    /** The lower-case name without ".npy"; null for another kind of file. */
    private static String stem(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : null;
    }

    /** The first of {@code wanted} (lower-case names) beside {@code file}, whatever the case of its name; {@code what} for the message. */
    private static Path beside(Path file, List<String> wanted, String what) throws IOException {
        FileErrors.requireFile(file);
        Path dir = file.toAbsolutePath().getParent();
        Map<String, Path> siblings;
        try (Stream<Path> list = Files.list(dir)) {
            siblings = list.collect(Collectors.toMap(p -> p.getFileName().toString().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        } catch (IOException e) {
            throw FileErrors.reading(dir, e);
        }
        for (String name : wanted) {
            Path p = siblings.get(name);
            if (p != null && Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(Quoted.path(file) + ": no " + what + " file beside it (looked for "
                + String.join(", ", wanted) + ")");
    }
}
