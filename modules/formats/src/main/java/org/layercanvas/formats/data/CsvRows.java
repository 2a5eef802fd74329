package org.layercanvas.formats.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layercanvas.engine.spi.DataFormatException;

/**
 * The rows of a CSV file one at a time, each with its line number, blank lines skipped. The dataset
 * reader and the starter's preview both read CSV through this class, so they split fields, number
 * lines and word parse errors alike; rows are streamed, so a preview need not hold the whole file.
 */
public final class CsvRows implements Closeable {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private final Path file;
    private final Reader in;
    private final MappingIterator<String[]> it;
    private int line;

    private CsvRows(Path file, Reader in, MappingIterator<String[]> it) {
        this.file = file;
        this.in = in;
        this.it = it;
    }

    public static CsvRows open(Path file, char delimiter) throws IOException {
        Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
            return new CsvRows(file, in, CSV.readerFor(String[].class).with(schema).readValues(in));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The next non-blank row, or null after the last.
     *
     * @throws DataFormatException for malformed CSV (an unclosed quote, …), naming the file and line
     */
    public String[] next() throws IOException {
        while (true) {
            String[] row;
            try {
                if (!it.hasNextValue()) {
                    return null;
                }
                line = it.getCurrentLocation().getLineNr();
                row = it.nextValue();
            } catch (RuntimeJsonMappingException | JsonProcessingException e) {
                throw new DataFormatException(file + ":" + it.getCurrentLocation().getLineNr() + ": " + e.getMessage(), e);
            }
            if (!(row.length == 1 && row[0].isBlank())) {
                return row;
            }
        }
    }

    /** The line number (1-based) where the row last returned by {@link #next()} starts. */
    public int line() {
        return line;
    }

    /** @throws DataFormatException naming the file and line when {@code row}, the row last read, does not have {@code width} fields */
    public void requireWidth(String[] row, int width) throws DataFormatException {
        if (row.length != width) {
            throw new DataFormatException(file + ":" + line + ": has " + row.length + " columns but the first row has " + width);
        }
    }

    /** A field's value as a finite number, or null when it is not one (surrounding spaces are allowed). */
    public static Float number(String field) {
        try {
            float v = Float.parseFloat(field.trim());
            return Float.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try (in) {
            it.close();
        }
    }
}
