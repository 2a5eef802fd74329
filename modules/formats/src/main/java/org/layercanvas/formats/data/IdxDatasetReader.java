package org.layercanvas.formats.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DataFormatException;
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
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        SourceFields f = new SourceFields(source, Set.of("images", "labels"));
        Path imagesFile = f.path("images", baseDir), labelsFile = f.path("labels", baseDir);
        Idx images = Idx.read(imagesFile), labels = Idx.read(labelsFile);
        if (images.dims.length != 3) {
            throw new DataFormatException(imagesFile + ": expected images [count, rows, cols] but the header has " + images.dims.length + " dimensions");
        }
        if (labels.dims.length != 1) {
            throw new DataFormatException(labelsFile + ": expected labels [count] but the header has " + labels.dims.length + " dimensions");
        }
        if (images.dims[0] != labels.dims[0]) {
            throw new DataFormatException(labelsFile + ": has " + labels.dims[0] + " labels but " + imagesFile.getFileName() + " has " + images.dims[0] + " images");
        }
        return new Dataset(images.values, Shape.of(1, images.dims[1], images.dims[2]), labels.values, Shape.of(1), images.dims[0]);
    }

    /** One IDX file: magic (0, 0, type, rank), big-endian dimensions, then the data. */
    static final class Idx {
        final int[] dims;
        final float[] values;

        private Idx(int[] dims, float[] values) {
            this.dims = dims;
            this.values = values;
        }

        static Idx read(Path file) throws IOException {
            byte[] b;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
                raw.mark(2);
                boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                try (InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
                    b = in.readAllBytes();
                }
            } catch (java.util.zip.ZipException e) {
                throw new DataFormatException(file + ": corrupt gzip data: " + e.getMessage(), e);
            }
            if (b.length < 4 || b[0] != 0 || b[1] != 0) {
                throw new DataFormatException(file + ": not an IDX file (bad magic number at byte 0)");
            }
            int type = b[2] & 0xFF, rank = b[3] & 0xFF;
            int width = switch (type) {
                case 0x08 -> 1;
                case 0x0D -> 4;
                default -> throw new DataFormatException(file + ": IDX data type 0x" + Integer.toHexString(type)
                        + " at byte 2 is not supported (unsigned byte 0x08 or float 0x0d)");
            };
            if (rank < 1 || b.length < 4 + 4 * rank) {
                throw new DataFormatException(file + ": IDX header truncated (rank " + rank + ", " + b.length + " bytes)");
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                int at = 4 + 4 * i;
                dims[i] = (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
                if (dims[i] <= 0) {
                    throw new DataFormatException(file + ": dimension " + i + " at byte " + at + " is " + dims[i]);
                }
                count *= dims[i];
            }
            int start = 4 + 4 * rank;
            if (count > Integer.MAX_VALUE || b.length - start != count * width) {
                throw new DataFormatException(file + ": the header promises " + count + " values (" + count * width
                        + " bytes from byte " + start + ") but the file has " + (b.length - start) + " data bytes");
            }
            float[] v = new float[(int) count];
            if (width == 1) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = b[start + i] & 0xFF;
                }
            } else {
                java.nio.ByteBuffer.wrap(b, start, b.length - start).asFloatBuffer().get(v);
            }
            return new Idx(dims, v);
        }
    }
}
