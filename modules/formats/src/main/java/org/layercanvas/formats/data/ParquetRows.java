package org.layercanvas.formats.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ColumnReadStore;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * The feature columns of a Parquet file for streaming: decoded one row group at a time, the group last decoded
 * kept (a shuffle buffer reads whole groups, since a group is a chunk). A null becomes NaN, which opening the
 * samples refuses or drops by the source's "nan".
 */
final class ParquetRows implements FileSamples.Rows {
    private final ParquetFileReader reader;
    private final ParquetDatasetReader.Layout layout;
    /** The first row of each row group, then the row count. */
    private final long[] starts;
    private int cached = -1;
    private float[] values = new float[0];

    /** @param reader the file, with the feature columns requested */
    ParquetRows(ParquetFileReader reader, ParquetDatasetReader.Layout layout) {
        this.reader = reader;
        this.layout = layout;
        var groups = reader.getRowGroups();
        this.starts = new long[groups.size() + 1];
        for (int g = 0; g < groups.size(); g++) {
            starts[g + 1] = starts[g] + groups.get(g).getRowCount();
        }
    }

    /** The first row group's rows: writers give every group but the last the same count. */
    int chunkRows() {
        return (int) Math.min(Integer.MAX_VALUE, starts[1] - starts[0]);
    }

    @Override
    public synchronized void read(long row, int count, float[] into, int at) throws IOException {
        int width = layout.features().size();
        while (count > 0) {
            int g = Arrays.binarySearch(starts, row);
            g = g >= 0 ? g : -g - 2;
            decode(g);
            int n = (int) Math.min(count, starts[g + 1] - row);
            System.arraycopy(values, (int) (row - starts[g]) * width, into, at, n * width);
            row += n;
            count -= n;
            at += n * width;
        }
    }

    private void decode(int g) throws IOException {
        if (g == cached) {
            return;
        }
        List<ParquetColumn> features = layout.features();
        int width = features.size();
        try {
            PageReadStore group = reader.readRowGroup(g);
            int n = (int) group.getRowCount();
            if (values.length < n * width) {
                values = new float[n * width];
            }
            ColumnReadStore store = layout.store(group);
            for (int c = 0; c < width; c++) {
                ParquetColumn column = features.get(c);
                ColumnReader r = store.getColumnReader(column.descriptor());
                for (int i = 0; i < n; i++, r.consume()) {
                    values[i * width + c] = column.isNull(r) ? Float.NaN : column.number(r);
                }
            }
        } catch (RuntimeException | IOException e) {
            throw ParquetDatasetReader.unreadable(layout.where() + " row group " + g, e);
        }
        cached = g;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
