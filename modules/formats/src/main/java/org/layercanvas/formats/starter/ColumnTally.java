package org.layercanvas.formats.starter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layercanvas.formats.data.CsvRows;

/**
 * Collects one CSV column while the preview streams the file: the numbers (for range and histogram)
 * until a field is not a number, and the count of each text value until there are too many.
 */
final class ColumnTally {
    private final String name;
    private float[] numbers = new float[256];
    private int size;
    private boolean text;
    private Map<String, Long> counts = new LinkedHashMap<>();

    ColumnTally(String name) {
        this.name = name;
    }

    void add(String field) {
        String value = field.trim(); // as the CSV reader reads targets
        if (!text) {
            Float v = CsvRows.number(value);
            if (v == null) {
                text = true;
                numbers = null; // a text column has no histogram: free the numbers now
            } else {
                if (size == numbers.length) {
                    numbers = Arrays.copyOf(numbers, size * 2);
                }
                numbers[size] = v;
            }
        }
        size++;
        if (counts != null) {
            counts.merge(value, 1L, Long::sum);
            if (counts.size() > ColumnSummary.MAX_DISTINCT) {
                counts = null;
            }
        }
    }

    ColumnSummary summary() {
        return text ? ColumnSummary.ofText(name, size, counts) : ColumnSummary.ofNumbers(name, numbers, 0, size);
    }
}
