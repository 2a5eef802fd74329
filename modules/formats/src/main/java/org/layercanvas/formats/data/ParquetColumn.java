package org.layercanvas.formats.data;

import java.util.List;
import java.util.Locale;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One leaf column of a Parquet file as the reader sees it: a number column (int32, int64, float, double, boolean,
 * with decimals scaled and unsigned integers read as such), a text column (binary, e.g. strings), or another
 * kind (nested in a struct, repeated as a list, int96 timestamps) that cannot be read as a feature or target.
 */
record ParquetColumn(String name, ColumnDescriptor descriptor) {
    static List<ParquetColumn> of(MessageType schema) {
        return schema.getColumns().stream().map(d -> new ParquetColumn(String.join(".", d.getPath()), d)).toList();
    }

    private PrimitiveType.PrimitiveTypeName primitive() {
        return descriptor.getPrimitiveType().getPrimitiveTypeName();
    }

    private LogicalTypeAnnotation logical() {
        return descriptor.getPrimitiveType().getLogicalTypeAnnotation();
    }

    /** One value a row: not inside a struct or a list. */
    private boolean flat() {
        return descriptor.getPath().length == 1 && descriptor.getMaxRepetitionLevel() == 0;
    }

    boolean numeric() {
        return flat() && switch (primitive()) {
            case INT32, INT64, FLOAT, DOUBLE, BOOLEAN -> true;
            default -> false;
        };
    }

    boolean text() {
        return flat() && (primitive() == PrimitiveType.PrimitiveTypeName.BINARY || primitive() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
    }

    /** "double", "int64", "binary (STRING)", "int32 (repeated)", for listings and messages. */
    String type() {
        String type = primitive().name().toLowerCase(Locale.ROOT);
        if (!flat()) {
            return type + (descriptor.getMaxRepetitionLevel() > 0 ? " (repeated)" : " (nested)");
        }
        return logical() == null ? type : type + " (" + logical() + ")";
    }

    /** The current value is null: missing in an optional column. */
    boolean isNull(ColumnReader r) {
        return r.getCurrentDefinitionLevel() < descriptor.getMaxDefinitionLevel();
    }

    /** The current (non-null) value of a {@link #numeric} column as float32, rounded once. */
    float number(ColumnReader r) {
        if (logical() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            double units = primitive() == PrimitiveType.PrimitiveTypeName.INT32 ? r.getInteger() : r.getLong();
            return (float) (units / Math.pow(10, d.getScale())); // a decimal's integer counts units of 10^-scale
        }
        boolean unsigned = logical() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
        return switch (primitive()) {
            case BOOLEAN -> r.getBoolean() ? 1f : 0f;
            case FLOAT -> r.getFloat();
            case DOUBLE -> (float) r.getDouble();
            case INT32 -> unsigned ? (float) (r.getInteger() & 0xFFFFFFFFL) : (float) r.getInteger();
            default -> unsigned ? NpyType.unsigned(r.getLong()) : (float) r.getLong();
        };
    }

    /** The current (non-null) value of a {@link #text} column. */
    String text(ColumnReader r) {
        return r.getBinary().toStringUsingUTF8();
    }
}
