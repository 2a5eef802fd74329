package org.layercanvas.formats.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;
import org.layercanvas.engine.spi.DatasetReader;

/**
 * MNIST-style IDX files (gzipped or not): {@code images} of unsigned bytes [N, rows, cols] become
 * features [1, rows, cols] with values 0..255; {@code labels} [N] become class-index targets [1].
 */
public final class IdxDatasetReader implements DatasetReader {
    @Override
    public String type() {
        return "idx";
    }

    @Override
    public Set<String> pathFields() {
        return Set.of("images", "labels");
    }

    /** MNIST-style {@code *-images-idx3-ubyte[.gz]} with the labels file beside it, or the other way round. */
    @Override
    public Optional<DataSource> recognise(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.matches(".*idx[13]-ubyte(\\.gz)?")) {
            return Optional.empty();
        }
        boolean images = name.contains("idx3");
        Path partner = partner(file, images);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("images", (images ? file : partner).toAbsolutePath().normalize().toString());
        fields.put("labels", (images ? partner : file).toAbsolutePath().normalize().toString());
        return Optional.of(new DataSource(type(), fields));
    }

    /** The images and labels files with their shapes, from their headers. */
    @Override
    public List<String> contents(Path file) throws IOException {
        DataSource source = recognise(file).orElseThrow();
        List<String> lines = new java.util.ArrayList<>();
        for (String field : List.of("images", "labels")) {
            Path path = Path.of((String) source.fields().get(field));
            lines.add(field + " " + path.getFileName() + " " + Idx.header(path));
        }
        return lines;
    }

    @Override
    public String recognisedFiles() {
        return "MNIST-style *-images-idx3-ubyte[.gz] with their *-labels-idx1-ubyte[.gz]";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        SourceFields f = new SourceFields(source, Set.of("images", "labels"));
        Path imagesFile = f.path("images", baseDir), labelsFile = f.path("labels", baseDir);
        Idx images = Idx.read(imagesFile), labels = Idx.read(labelsFile);
        if (images.dims.length != 3) {
            throw new DataFormatException(Quoted.path(imagesFile) + ": expected images [count, rows, cols] but the header has " + images.dims.length + " dimensions");
        }
        if (labels.dims.length != 1) {
            throw new DataFormatException(Quoted.path(labelsFile) + ": expected labels [count] but the header has " + labels.dims.length + " dimensions");
        }
        if (images.dims[0] != labels.dims[0]) {
            throw new DataFormatException(Quoted.path(labelsFile) + ": has " + labels.dims[0] + " labels but " + Quoted.path(imagesFile.getFileName()) + " has " + images.dims[0] + " images");
        }
        return new Dataset(images.values, Shape.of(1, images.dims[1], images.dims[2]), labels.values, Shape.of(1), images.dims[0]);
    }

    /** The labels file beside an images file (train-images → train-labels, idx3 → idx1), or the images beside labels. */
    private static Path partner(Path file, boolean images) throws IOException {
        String name = file.getFileName().toString();
        String other = images ? name.replace("images", "labels").replace("idx3", "idx1") : name.replace("labels", "images").replace("idx1", "idx3");
        List<String> candidates = List.of(other, other.endsWith(".gz") ? other.substring(0, other.length() - 3) : other + ".gz");
        for (String c : candidates) {
            Path p = file.resolveSibling(c);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(Quoted.path(file) + ": no " + (images ? "labels" : "images") + " file beside it (looked for "
                + String.join(" and ", candidates) + ")");
    }

    /** One IDX file: magic (0, 0, type, rank), big-endian dimensions, then the data. */
    static final class Idx {
        /** The most data bytes one file may hold: an array of more cannot be allocated. */
        static final long MAX_BYTES = Integer.MAX_VALUE - 8;

        final int[] dims;
        final float[] values;

        private Idx(int[] dims, float[] values) {
            this.dims = dims;
            this.values = values;
        }

        /** The data type and dimensions the header of {@code file} gives, e.g. "uint8 [10000, 28, 28]". */
        static String header(Path file) throws IOException {
            FileErrors.requireFile(file);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
                raw.mark(2);
                boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                try (java.io.DataInputStream in = new java.io.DataInputStream(gz ? new GZIPInputStream(raw) : raw)) {
                    byte[] magic = in.readNBytes(4);
                    if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
                        throw new DataFormatException(Quoted.path(file) + ": not an IDX file (bad magic number at byte 0)");
                    }
                    long[] dims = new long[magic[3] & 0xFF];
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = in.readInt() & 0xFFFFFFFFL;
                    }
                    String type = switch (magic[2] & 0xFF) {
                        case 0x08 -> "uint8";
                        case 0x0D -> "float32";
                        default -> "type 0x" + Integer.toHexString(magic[2] & 0xFF);
                    };
                    return type + " " + java.util.Arrays.toString(dims);
                }
            } catch (java.io.EOFException e) {
                throw new DataFormatException(Quoted.path(file) + ": IDX header truncated");
            } catch (IOException e) {
                throw e instanceof DataFormatException ? e : FileErrors.reading(file, e);
            }
        }

        /**
         * Deflate packs at most 1032 bytes into one: a gzipped file of n bytes holds at most this many times n. A header
         * that promises more is refused before anything is allocated for it.
         */
        private static final long MOST_DEFLATE_RATIO = 1032;

        /**
         * Reads the header, then the data straight into the values through a small buffer. The values are allocated once,
         * at their size, only where the file can hold what the header promises (a plain file: its bytes after the header;
         * a gzipped one: {@link #MOST_DEFLATE_RATIO} times its size), so a header that claims billions of values in a small
         * file allocates nothing for the claim. One allocation instead of a byte copy and a float copy matters: fresh memory
         * costs its page faults, and on a virtual machine these were most of the second that Fashion-MNIST's reading took.
         */
        static Idx read(Path file) throws IOException {
            FileErrors.requireFile(file);
            String name = Quoted.path(file);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
                raw.mark(2);
                boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                long size = Files.size(file);
                try (InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
                    return read(in, name, gz ? MOST_DEFLATE_RATIO * size : size);
                }
            } catch (IOException e) {
                throw FileErrors.reading(file, e);
            }
        }

        /** @param most the most bytes {@code in} can give, header included */
        private static Idx read(InputStream in, String file, long most) throws IOException {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
                throw new DataFormatException(file + ": not an IDX file (bad magic number at byte 0)");
            }
            int type = magic[2] & 0xFF, rank = magic[3] & 0xFF;
            int width = switch (type) {
                case 0x08 -> 1;
                case 0x0D -> 4;
                default -> throw new DataFormatException(file + ": IDX data type 0x" + Integer.toHexString(type)
                        + " at byte 2 is not supported (unsigned byte 0x08 or float 0x0d)");
            };
            byte[] b = in.readNBytes(4 * rank);
            if (rank < 1 || b.length < 4 * rank) {
                throw new DataFormatException(file + ": IDX header truncated (rank " + rank + ", " + (4 + b.length) + " bytes)");
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                int at = 4 * i;
                dims[i] = (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
                if (dims[i] <= 0) {
                    throw new DataFormatException(file + ": dimension " + i + " at byte " + (4 + at) + " is " + dims[i]);
                }
                count *= dims[i];
                if (count * width > MAX_BYTES) {
                    throw new DataFormatException(file + ": the header's dimensions " + java.util.Arrays.toString(java.util.Arrays.copyOf(dims, i + 1))
                            + " promise more than " + MAX_BYTES + " bytes of data, more than one file may hold");
                }
            }
            int start = 4 + 4 * rank;
            long bytes = count * width;
            if (bytes > most - start) { // the file cannot hold them: count what it has, for the message
                throw wrongLength(file, count, bytes, start, String.valueOf(in.transferTo(java.io.OutputStream.nullOutputStream())));
            }
            float[] v = new float[(int) count];
            byte[] buffer = new byte[1 << 16]; // a multiple of 4: a float never straddles two reads
            java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(buffer).asFloatBuffer(); // big-endian, as IDX
            for (int filled = 0; filled < count; ) {
                int want = (int) Math.min(buffer.length, (count - filled) * width), got = in.readNBytes(buffer, 0, want);
                if (got < want) {
                    throw wrongLength(file, count, bytes, start, String.valueOf((long) filled * width + got));
                }
                if (width == 1) {
                    for (int i = 0; i < got; i++) {
                        v[filled + i] = buffer[i] & 0xFF;
                    }
                } else {
                    floats.get(0, v, filled, got / 4);
                }
                filled += got / width;
            }
            if (in.read() != -1) {
                throw wrongLength(file, count, bytes, start, "more than " + bytes);
            }
            return new Idx(dims, v);
        }

        /** @param has how many data bytes the file has, in words ("3", "more than 8") */
        private static DataFormatException wrongLength(String file, long count, long bytes, int start, String has) {
            return new DataFormatException(file + ": the header promises " + count + " values (" + bytes + " bytes from byte " + start
                    + ") but the file has " + has + " data bytes");
        }
    }
}
