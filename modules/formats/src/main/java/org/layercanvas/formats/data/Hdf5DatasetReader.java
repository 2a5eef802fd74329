package org.layercanvas.formats.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.CompoundDataType.CompoundDataMember;
import io.jhdf.object.datatype.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * HDF5 files (as h5py writes them), read with jHDF. Fields: {@code path} (the file), {@code features} (a
 * dataset [N, ...] inside the file, or a list of 1-D column datasets [N] stacked into [N, k]), {@code labels}
 * (a dataset [N] or [N, ...]), optional {@code columns} (members of a compound {@code features} dataset)
 * and {@code nan} ({@link NonFinite}). Numeric labels are kept as numbers; text labels become class indices
 * in order of first appearance, as in CSV files.
 * <pre>{"type": "hdf5", "path": "events.h5", "features": ["/jets/pt", "/jets/eta"], "labels": "/is_signal"}</pre>
 */
public final class Hdf5DatasetReader implements DatasetReader {
    /** Dataset names taken for labels when recognising a file, compared ignoring case, the first found in this order. */
    private static final List<String> LABEL_NAMES = List.of("y", "label", "labels", "target", "targets", "class", "is_signal");
    /** How many characters of a file's dataset list one message shows. */
    private static final int LISTED = 240;

    @Override
    public String type() {
        return "hdf5";
    }

    @Override
    public String recognisedFiles() {
        return "HDF5 files (.h5, .hdf5)";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        Fields f = fields(source, baseDir);
        return withFile(f.file, h5 -> {
            Features x = f.features(h5);
            Values y = f.labels(h5, x);
            Dataset d = new Dataset(x.readAll(Quoted.path(f.file)), x.shape, y.values, y.shape, x.count, y.classNames);
            return NonFinite.apply(d, f.policy, Quoted.path(f.file) + " " + x.what, Quoted.path(f.file) + " " + y.what);
        });
    }

    /** The features read by row ranges (a chunk at a time for chunked datasets) as training visits them; the labels in memory. */
    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public Samples open(DataSource source, Path baseDir, long inMemoryValues) throws IOException {
        Fields f = fields(source, baseDir);
        HdfFile h5 = openFile(f.file);
        try {
            Features x = f.features(h5);
            Values y = f.labels(h5, x);
            FileSamples.Rows rows = new FileSamples.Rows() {
                @Override
                public void read(long row, int count, float[] into, int at) throws IOException {
                    try {
                        for (Hdf5Values.Part p : x.parts) {
                            p.read(row, count, into, at, x.shape.size());
                        }
                    } catch (RuntimeException e) {
                        throw new DataFormatException(Quoted.path(f.file) + " " + x.what + ", rows " + row + ".." + (row + count - 1)
                                + ": cannot be read; is the file cut short or damaged? (" + reason(e) + ")", e);
                    }
                }

                @Override
                public void close() {
                    h5.close();
                }
            };
            return FileSamples.open(rows, x.count, x.shape, y.values, y.shape, y.classNames, x.parts.get(0).chunkRows(), f.policy,
                    Quoted.path(f.file) + " " + x.what, Quoted.path(f.file) + " " + y.what, inMemoryValues, () -> read(source, baseDir));
        } catch (RuntimeException e) {
            h5.close();
            throw new DataFormatException(Quoted.path(f.file) + ": cannot be read; is it cut short or damaged? (" + reason(e) + ")", e);
        } catch (IOException e) {
            h5.close();
            throw e;
        }
    }

    /** A source's fields, checked. */
    private record Fields(Path file, List<String> features, String labels, List<String> members, String policy) {
        Features features(HdfFile h5) throws DataFormatException {
            return members != null ? Hdf5DatasetReader.members(h5, file, features.get(0), members)
                    : features.size() == 1 ? whole(h5, file, features.get(0), "features") : columns(h5, file, features);
        }

        /** The labels, as many as there are samples of {@code x}. */
        Values labels(HdfFile h5, Features x) throws DataFormatException {
            Values y = Hdf5DatasetReader.labels(h5, file, labels);
            if (y.count != x.count) {
                throw new DataFormatException(Quoted.path(file) + ": " + y.what + " (labels) has " + y.count + " samples but " + x.what + " (features) has " + x.count);
            }
            return y;
        }
    }

    private Fields fields(DataSource source, Path baseDir) {
        SourceFields f = new SourceFields(source, Set.of("path", "features", "labels", "columns", NonFinite.FIELD));
        Path file = f.path("path", baseDir);
        List<String> features = featurePaths(f);
        String labels = f.string("labels", null);
        List<String> members = f.strings("columns");
        String policy = NonFinite.policy(f, type());
        if (members != null && features.size() != 1) {
            throw new IllegalArgumentException("data source 'hdf5': 'columns' picks members of one compound dataset, so 'features' must name one dataset");
        }
        return new Fields(file, features, labels, members, policy);
    }

    /** A dataset named like labels, with the largest numeric dataset of as many samples as its features. */
    @Override
    public Optional<DataSource> recognise(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf") || name.endsWith(".he5"))) {
            return Optional.empty();
        }
        return withFile(file, h5 -> {
            List<io.jhdf.api.Dataset> all = datasets(h5);
            List<io.jhdf.api.Dataset> named = all.stream().filter(d -> !d.isScalar() && LABEL_NAMES.contains(d.getName().toLowerCase(Locale.ROOT)))
                    .sorted(Comparator.<io.jhdf.api.Dataset>comparingInt(d -> LABEL_NAMES.indexOf(d.getName().toLowerCase(Locale.ROOT)))
                            // a file split into /train and /test groups: New Project from Data trains on the training part
                            .thenComparingInt(d -> d.getPath().toLowerCase(Locale.ROOT).contains("train") ? 0 : 1)).toList();
            for (io.jhdf.api.Dataset labels : named) {
                long count = labels.getDimensionsAsLong()[0];
                Optional<io.jhdf.api.Dataset> features = all.stream()
                        .filter(d -> d != labels && !d.isScalar() && d.getDimensionsAsLong()[0] == count && Hdf5Values.number(d.getDataType()) != null)
                        .max(Comparator.comparingLong(io.jhdf.api.Dataset::getSize));
                if (features.isPresent()) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("path", file.toAbsolutePath().normalize().toString());
                    fields.put("features", features.get().getDimensions().length > 1 ? features.get().getPath() : columns(all, labels, count));
                    fields.put("labels", labels.getPath());
                    return Optional.of(new DataSource(type(), fields));
                }
            }
            throw new DataFormatException(Quoted.path(file) + ": found no labels to train on: no dataset named " + String.join(", ", LABEL_NAMES)
                    + " with a numeric dataset of as many samples beside it (datasets: " + listing(all) + ")");
        });
    }

    /**
     * A table stored as one 1-D dataset per column (as convert.py and pandas-like writers store events):
     * every numeric column of {@code count} samples in the labels' group, in the file's order.
     */
    private static Object columns(List<io.jhdf.api.Dataset> all, io.jhdf.api.Dataset labels, long count) {
        List<String> columns = all.stream()
                .filter(d -> d != labels && d.getDimensions().length == 1 && d.getDimensionsAsLong()[0] == count && Hdf5Values.number(d.getDataType()) != null
                        && d.getParent().getPath().equals(labels.getParent().getPath()))
                .map(io.jhdf.api.Dataset::getPath).toList();
        return columns.size() == 1 ? columns.get(0) : columns;
    }

    @Override
    public List<String> contents(Path file) throws IOException {
        return withFile(file, h5 -> datasets(h5).stream().map(Hdf5DatasetReader::describe).toList());
    }

    /** Numbers read for features or labels, and what they were read from ("dataset '/x'"), for messages. */
    private record Values(float[] values, Shape shape, int count, List<String> classNames, String what) {
    }

    /** Where features are in the file: what each row is read from, a sample's shape, and what they are ("dataset '/x'"). */
    private record Features(List<Hdf5Values.Part> parts, Shape shape, int count, String what) {
        /** Every row, in memory, when the heap has room. */
        float[] readAll(String file) throws DataFormatException {
            DataMemory.require((long) count * shape.size(), file + " " + what);
            float[] x = new float[count * shape.size()];
            for (Hdf5Values.Part p : parts) {
                p.read(0, count, x, 0, shape.size());
            }
            return x;
        }
    }

    private interface FileWork<T> {
        T apply(HdfFile h5) throws IOException;
    }

    /**
     * Runs {@code work} on the open file. jHDF reports a file that is not HDF5, or is cut short or damaged,
     * with unchecked exceptions of its own (or of {@code java.nio}) and messages that do not name the file.
     */
    private static <T> T withFile(Path file, FileWork<T> work) throws IOException {
        HdfFile h5 = openFile(file);
        try (h5) {
            return work.apply(h5);
        } catch (RuntimeException e) {
            throw new DataFormatException(Quoted.path(file) + ": cannot be read; is it cut short or damaged? (" + reason(e) + ")", e);
        }
    }

    private static HdfFile openFile(Path file) throws IOException {
        FileErrors.requireFile(file);
        try {
            return new HdfFile(file);
        } catch (RuntimeException e) {
            throw new DataFormatException(Quoted.path(file) + ": not an HDF5 file, or a damaged one (" + reason(e) + ")", e);
        }
    }

    private static String reason(RuntimeException e) {
        return e.getMessage() == null ? "jHDF gives no reason" : Quoted.shown(e.getMessage());
    }

    private static List<String> featurePaths(SourceFields f) {
        Object raw = f.raw("features");
        if (raw instanceof String s) {
            return List.of(s);
        }
        List<String> paths = f.strings("features");
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("data source 'hdf5' needs the field 'features': a dataset in the file (\"/x\") or a list of column datasets");
        }
        return paths;
    }

    /** Features or labels from one numeric dataset [N, ...]: each sample is the rest of the dimensions ([N] alone gives [1]). */
    private static Features whole(HdfFile h5, Path file, String path, String role) throws DataFormatException {
        io.jhdf.api.Dataset d = dataset(h5, file, path);
        String where = where(file, path);
        Hdf5Values.Number number = numbers(d, where, role);
        Shape sample = sampleShape(d, where);
        int count = (int) d.getDimensionsAsLong()[0];
        return new Features(List.of(new Hdf5Values.Part(d, number, d.getDataType(), 0, d.getDataType().getSize(), sample.size(), 0)), sample, count,
                "dataset " + Quoted.name(path));
    }

    /** Features [N, k] from k column datasets [N] (or [N, 1]) of equal length. */
    private static Features columns(HdfFile h5, Path file, List<String> paths) throws DataFormatException {
        List<io.jhdf.api.Dataset> columns = new ArrayList<>();
        for (String path : paths) {
            io.jhdf.api.Dataset d = dataset(h5, file, path);
            long[] dims = d.getDimensionsAsLong();
            if (dims.length > 2 || dims.length == 2 && dims[1] != 1) {
                throw new DataFormatException(where(file, path) + " is " + Hdf5Values.shape(d) + ", not a column: listed features must hold one value per sample ([N])");
            }
            numbers(d, where(file, path), "features");
            if (!columns.isEmpty() && dims[0] != columns.get(0).getDimensionsAsLong()[0]) {
                throw new DataFormatException(where(file, path) + " has " + dims[0] + " values but " + Quoted.name(paths.get(0)) + " has "
                        + columns.get(0).getDimensionsAsLong()[0] + ": feature columns must be of equal length");
            }
            columns.add(d);
        }
        String what = "columns " + paths.stream().map(Quoted::name).collect(Collectors.joining(", "));
        int count = (int) columns.get(0).getDimensionsAsLong()[0];
        requireSize(Quoted.path(file) + " " + what, count, paths.size());
        List<Hdf5Values.Part> parts = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            DataType type = columns.get(c).getDataType();
            parts.add(new Hdf5Values.Part(columns.get(c), Hdf5Values.number(type), type, 0, type.getSize(), 1, c));
        }
        return new Features(parts, Shape.of(paths.size()), count, what);
    }

    /** Features [N, k] from k numeric members of a compound dataset [N] (a table, as h5py writes numpy's record arrays). */
    private static Features members(HdfFile h5, Path file, String path, List<String> names) throws DataFormatException {
        io.jhdf.api.Dataset d = dataset(h5, file, path);
        String where = where(file, path);
        if (!(d.getDataType() instanceof CompoundDataType table) || d.getDimensionsAsLong().length != 1) {
            throw new DataFormatException(where + " is " + describeType(d) + ": 'columns' picks members of a compound dataset [N]");
        }
        List<CompoundDataMember> picked = new ArrayList<>();
        for (String name : names) {
            CompoundDataMember m = table.getMembers().stream().filter(x -> x.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new DataFormatException(where + " has no member " + Quoted.name(name) + " (members: " + memberNames(table) + ")"));
            boolean array = m.getDimensionSize() != null && m.getDimensionSize().length > 0;
            if (array || Hdf5Values.number(m.getDataType()) == null) {
                throw new DataFormatException(where + ": member " + Quoted.name(name) + " is " + (array ? "an array" : Hdf5Values.name(m.getDataType()))
                        + "; features must be single numbers (float, int, uint or bool)");
            }
            picked.add(m);
        }
        int count = (int) sampleCount(d, where);
        requireSize(where, count, picked.size());
        List<Hdf5Values.Part> parts = new ArrayList<>();
        for (int c = 0; c < picked.size(); c++) {
            DataType type = picked.get(c).getDataType();
            parts.add(new Hdf5Values.Part(d, Hdf5Values.number(type), type, picked.get(c).getOffset(), table.getSize(), 1, c));
        }
        return new Features(parts, Shape.of(picked.size()), count, "dataset " + Quoted.name(path) + " columns " + Quoted.shown(String.join(", ", names)));
    }

    /** Labels: numbers kept as they are (shape [1] for [N] and [N, 1]), or text as class indices with class names. */
    private static Values labels(HdfFile h5, Path file, String path) throws DataFormatException {
        io.jhdf.api.Dataset d = dataset(h5, file, path);
        String where = where(file, path);
        if (!Hdf5Values.isString(d.getDataType())) {
            Features numbers = whole(h5, file, path, "labels");
            return new Values(numbers.readAll(Quoted.path(file)), numbers.shape, numbers.count, List.of(), numbers.what);
        }
        long[] dims = d.getDimensionsAsLong();
        if (dims.length > 2 || dims.length == 2 && dims[1] != 1) {
            throw new DataFormatException(where + " holds text labels of shape " + Hdf5Values.shape(d) + "; text labels must be one per sample ([N])");
        }
        int count = (int) sampleCount(d, where);
        requireSize(where, count, 1);
        String[] text = (String[]) d.getDataFlat();
        Map<String, Integer> classes = new LinkedHashMap<>();
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            y[i] = classes.computeIfAbsent(text[i], k -> classes.size());
        }
        return new Values(y, Shape.of(1), count, List.copyOf(classes.keySet()), "dataset " + Quoted.name(path));
    }

    /** The dataset at {@code path}, refused with a message listing what the file holds when there is none. */
    private static io.jhdf.api.Dataset dataset(HdfFile h5, Path file, String path) throws DataFormatException {
        Node node;
        try {
            node = h5.getByPath(path);
        } catch (HdfException e) {
            throw new DataFormatException(Quoted.path(file) + ": no dataset " + Quoted.name(path) + " (datasets: " + listing(datasets(h5)) + ")", e);
        }
        if (node instanceof Group g) {
            throw new DataFormatException(Quoted.path(file) + ": " + Quoted.name(path) + " is a group, not a dataset (datasets in it: " + listing(datasets(g)) + ")");
        }
        if (!(node instanceof io.jhdf.api.Dataset d)) {
            throw new DataFormatException(Quoted.path(file) + ": " + Quoted.name(path) + " is a " + node.getType().toString().toLowerCase(Locale.ROOT) + ", not a dataset");
        }
        return d;
    }

    /** How to decode {@code d}'s numbers; its type named when it holds none. */
    private static Hdf5Values.Number numbers(io.jhdf.api.Dataset d, String where, String role) throws DataFormatException {
        DataType type = d.getDataType();
        Hdf5Values.Number number = Hdf5Values.number(type);
        if (number == null) {
            String hint = type instanceof CompoundDataType c ? " (pick its numeric members with \"columns\": " + memberNames(c) + ")" : "";
            throw new DataFormatException(where + " holds " + describeType(d) + " values; " + role + " must be numbers (float, int, uint or bool)" + hint);
        }
        return number;
    }

    /** The shape of one sample of {@code d} [N, ...], after checking that N samples of it fit in one array. */
    private static Shape sampleShape(io.jhdf.api.Dataset d, String where) throws DataFormatException {
        long count = sampleCount(d, where);
        long[] dims = d.getDimensionsAsLong();
        long size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
            requireSize(where, count, size);
        }
        return dims.length == 1 ? Shape.of(1) : Shape.of(Arrays.stream(dims, 1, dims.length).mapToInt(x -> (int) x).toArray());
    }

    private static long sampleCount(io.jhdf.api.Dataset d, String where) throws DataFormatException {
        if (d.isScalar()) {
            throw new DataFormatException(where + " is a single value (a scalar), not samples [N, ...]");
        }
        long[] dims = d.getDimensionsAsLong();
        if (Arrays.stream(dims).anyMatch(x -> x == 0)) {
            throw new DataFormatException(where + " is empty: its shape is " + Hdf5Values.shape(d));
        }
        return dims[0];
    }

    /** Refuses {@code count} samples of {@code size} values when they would not fit in one float array, before allocating. */
    private static void requireSize(String where, long count, long size) throws DataFormatException {
        if (count > Shape.MAX_ELEMENTS / size) {
            throw new DataFormatException(where + ": " + count + " samples of " + size + " values are more than the " + Shape.MAX_ELEMENTS
                    + " values one dataset may hold in memory");
        }
    }

    /** Every dataset in {@code group} and the groups below it (links are not followed: they may loop). */
    private static List<io.jhdf.api.Dataset> datasets(Group group) {
        List<io.jhdf.api.Dataset> found = new ArrayList<>();
        collect(group, found, new HashSet<>());
        return found;
    }

    private static void collect(Group group, List<io.jhdf.api.Dataset> found, Set<Long> seen) {
        if (!seen.add(group.getAddress())) {
            return;
        }
        for (Node node : group.getChildren().values()) {
            if (node.isLink()) {
                continue;
            }
            if (node instanceof Group g) {
                collect(g, found, seen);
            } else if (node instanceof io.jhdf.api.Dataset d) {
                found.add(d);
            }
        }
    }

    /** "/x float32 [1000, 28]" */
    private static String describe(io.jhdf.api.Dataset d) {
        return d.getPath() + " " + describeType(d) + " " + Hdf5Values.shape(d);
    }

    private static String describeType(io.jhdf.api.Dataset d) {
        return Hdf5Values.name(d.getDataType());
    }

    private static String listing(List<io.jhdf.api.Dataset> datasets) {
        return datasets.isEmpty() ? "none" : Quoted.shown(datasets.stream().map(Hdf5DatasetReader::describe).collect(Collectors.joining(", ")), LISTED);
    }

    private static String memberNames(CompoundDataType table) {
        return Quoted.shown(table.getMembers().stream().map(CompoundDataMember::getName).collect(Collectors.joining(", ")), LISTED);
    }

    private static String where(Path file, String path) {
        return Quoted.path(file) + " dataset " + Quoted.name(path);
    }
}
