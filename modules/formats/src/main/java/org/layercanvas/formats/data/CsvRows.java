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
import java.util.HashMap;
import java.util.Map;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;
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
        FileErrors.requireFile(file);
        Reader in;
        try {
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
        try {
            CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
            return new CsvRows(file, in, CSV.readerFor(String[].class).with(schema).readValues(in));
        } catch (IOException e) {
            in.close();
            throw FileErrors.reading(file, e);
        } catch (RuntimeException e) {
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
            } catch (JsonProcessingException e) {
                throw new DataFormatException(where(it.getCurrentLocation().getLineNr()) + ": " + Quoted.shown(e.getOriginalMessage()), e);
            } catch (RuntimeJsonMappingException e) {
                throw new DataFormatException(where(it.getCurrentLocation().getLineNr()) + ": " + Quoted.shown(e.getMessage()), e);
            } catch (IOException e) {
                throw FileErrors.reading(file, e);
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

    /** {@code file:line}, the start of a message about line {@code line}. */
    public String where(int line) {
        return Quoted.path(file) + ":" + line;
    }

    /**
     * @throws DataFormatException naming the file and the names when a header row names a column twice: which of
     *                             the two would "target" or "features" mean?
     */
    public void requireUniqueNames(String[] header) throws DataFormatException {
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            Integer before = seen.putIfAbsent(header[c].trim(), c);
            if (before != null) {
                throw new DataFormatException(where(line) + ": the header names two columns " + Quoted.name(header[c].trim())
                        + " (columns " + (before + 1) + " and " + (c + 1) + ")");
            }
        }
    }

    /** @throws DataFormatException naming the file and line when {@code row}, the row last read, does not have {@code width} fields */
    public void requireWidth(String[] row, int width) throws DataFormatException {
        if (row.length != width) {
            throw new DataFormatException(where(line) + ": has " + row.length + " columns but the first row has " + width);
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

    /**
     * Why {@code field}, for which {@link #number} gave null, is no usable number: "1e300" is a number, but
     * one beyond the range of the 32-bit floats training uses, and saying "not a number" would mislead.
     */
    public static String notANumber(String field) {
        String quoted = Quoted.of(field);
        try {
            double v = Double.parseDouble(field.trim());
            if (Double.isNaN(v)) {
                return quoted + ", which is NaN (not a number)";
            }
            return quoted + ", a number " + (Double.isInfinite(v) && !field.toLowerCase().contains("e") ? "that is infinite"
                    : "beyond the float range (±3.4e38)");
        } catch (NumberFormatException e) {
            return quoted + ", which is not a number";
        }
    }

    @Override
    public void close() throws IOException {
        try (in) {
            it.close();
        }
    }

    /** The first two rows (the second null when there is only one). */
    public static String[][] firstRows(Path file, char delimiter) throws IOException {
        try (CsvRows in = open(file, delimiter)) {
            String[] first = in.next();
            if (first == null) {
                throw new DataFormatException(Quoted.path(file) + ": no data rows");
            }
            return new String[][] {first, in.next()};
        }
    }
}
