package org.layercanvas.formats.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.layercanvas.formats.FileErrors;

/**
 * The rows of a C-order .npy array, memory-mapped read-only for streaming: segments of whole rows of up to
 * {@link NpyArray#WINDOW} bytes each (a mapping reaches 2 GB at most), mapped when first read. The operating
 * system's page cache holds what was read; the Java heap holds nothing of the file.
 */
final class NpyRows implements FileSamples.Rows {
    private final Path file;
    private final FileChannel channel;
    private final NpyArray.Header header;
    private final NpyType type;
    private final int rowValues;
    private final long rowBytes, rowsPerSegment, rows;
    private final MappedByteBuffer[] segments;

    NpyRows(Path file, NpyArray.Header header) throws IOException {
        this.file = file;
        this.header = header;
        this.type = header.type();
        long[] shape = header.shape();
        this.rows = shape[0];
        this.rowValues = (int) (header.count() / Math.max(1, rows));
        this.rowBytes = (long) rowValues * type.bytes();
        this.rowsPerSegment = Math.max(1, NpyArray.WINDOW / rowBytes);
        this.segments = new MappedByteBuffer[(int) ((rows + rowsPerSegment - 1) / rowsPerSegment)];
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
        try {
            header.requireBytes(channel.size(), "file");
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void read(long row, int count, float[] into, int at) throws IOException {
        while (count > 0) {
            int s = (int) (row / rowsPerSegment), within = (int) (row % rowsPerSegment);
            int n = (int) Math.min(count, rowsPerSegment - within);
            ByteBuffer b = segment(s).duplicate();
            b.position((int) (within * rowBytes));
            type.toFloats(b, into, at, n * rowValues);
            row += n;
            count -= n;
            at += n * rowValues;
        }
    }

    private synchronized MappedByteBuffer segment(int s) throws IOException {
        if (segments[s] == null) {
            long first = s * rowsPerSegment, n = Math.min(rowsPerSegment, rows - first);
            try {
                segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset() + first * rowBytes, n * rowBytes);
            } catch (IOException e) {
                throw FileErrors.reading(file, e);
            }
        }
        return segments[s];
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
