package org.layercanvas.formats.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * NumPy .npz archives (np.savez, compressed or not): {@code {"type": "npz", "path": "data.npz", "features": "x",
 * "labels": "y"}}, members named with or without ".npy", optional {@code "nan"}. Members are streamed out of the
 * zip file, as the .npy reader reads files. {@link NpyDatasetReader#recognisedFiles()} names both kinds of NumPy file.
 */
public final class NpzDatasetReader implements DatasetReader {
    /** np.savez names members after its keyword arguments; Keras' datasets add "_train" and "_test". */
    private static final List<String> SUFFIXES = List.of("", "_train");

    @Override
    public String type() {
        return "npz";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        SourceFields f = new SourceFields(source, Set.of("path", "features", "labels", NonFinite.FIELD));
        Path file = f.path("path", baseDir);
        String featuresName = f.string("features", null), labelsName = f.string("labels", null), nan = NonFinite.policy(f, type());
        try (ZipFile zip = open(file)) {
            ZipEntry featuresMember = member(zip, featuresName, file), labelsMember = member(zip, labelsName, file);
            NpyArray.Header features = header(zip, featuresMember, file), labels = header(zip, labelsMember, file);
            NumpyData.requireMatching(features, labels);
            return NumpyData.dataset(array(zip, featuresMember, features), array(zip, labelsMember, labels), nan);
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
    }

    /** An .npz with members named like features (x, features, …) and labels (y, labels, …), or x_train and y_train. */
    @Override
    public Optional<DataSource> recognise(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return Optional.empty();
        }
        List<String> members = members(file);
        for (String suffix : SUFFIXES) {
            String features = named(members, NumpyData.FEATURE_NAMES, suffix), labels = named(members, NumpyData.LABEL_NAMES, suffix);
            if (features != null && labels != null) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("path", file.toAbsolutePath().normalize().toString());
                fields.put("features", features);
                fields.put("labels", labels);
                return Optional.of(new DataSource(type(), fields));
            }
        }
        throw new DataFormatException(Quoted.path(file) + ": no members named like features (" + String.join(", ", NumpyData.FEATURE_NAMES)
                + ") and labels (" + String.join(", ", NumpyData.LABEL_NAMES) + ") (members: " + Quoted.shown(String.join(", ", members)) + ")");
    }

    @Override
    public List<String> contents(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (ZipFile zip = open(file)) {
            for (ZipEntry e : zip.stream().toList()) {
                lines.add(Quoted.shown(name(e)) + " " + header(zip, e, file).describe());
            }
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
        return lines;
    }

    private static ZipFile open(Path file) throws IOException {
        FileErrors.requireFile(file);
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new DataFormatException(Quoted.path(file) + ": not a readable .npz (zip) archive: " + Quoted.shown(e.getMessage()) + " (is it truncated?)", e);
        }
    }

    private static List<String> members(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return zip.stream().map(NpzDatasetReader::name).toList();
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
    }

    /** The first member called one of {@code names} + {@code suffix}, ignoring case; null if none. */
    private static String named(List<String> members, List<String> names, String suffix) {
        for (String n : names) {
            for (String m : members) {
                if (m.equalsIgnoreCase(n + suffix)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The member {@code name} or {@code name.npy}. */
    private static ZipEntry member(ZipFile zip, String name, Path file) throws DataFormatException {
        ZipEntry e = zip.getEntry(name.endsWith(".npy") ? name : name + ".npy");
        if (e == null) {
            e = zip.getEntry(name);
        }
        if (e == null) {
            throw new DataFormatException(Quoted.path(file) + ": no member " + Quoted.name(name) + " (members: "
                    + Quoted.shown(String.join(", ", zip.stream().map(NpzDatasetReader::name).toList())) + ")");
        }
        return e;
    }

    /** A member's name as np.load shows it, without ".npy". */
    private static String name(ZipEntry e) {
        return e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
    }

    private static String where(Path file, ZipEntry e) {
        return Quoted.path(file) + " member " + Quoted.name(name(e));
    }

    private static NpyArray.Header header(ZipFile zip, ZipEntry e, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return NpyArray.header(in, where(file, e));
        }
    }

    private static NpyArray array(ZipFile zip, ZipEntry e, NpyArray.Header header) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            NpyArray.header(in, header.where());
            return NpyArray.read(in, header, e.getSize());
        }
    }
}
