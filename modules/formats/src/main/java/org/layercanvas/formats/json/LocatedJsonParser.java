package org.layercanvas.formats.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;

/**
 * Parses JSON with Jackson's streaming parser into {@link Located} values. Syntax errors, duplicate
 * keys and trailing content become {@link DataFormatException}s of the form {@code file:line:col: what}.
 */
public final class LocatedJsonParser {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private LocatedJsonParser() {
    }

    public static Located parse(byte[] content, Path file) throws DataFormatException {
        try (JsonParser p = FACTORY.createParser(content)) {
            if (p.nextToken() == null) {
                throw new DataFormatException(Quoted.path(file) + ":1:1: the file is empty");
            }
            Located value = read(p);
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new DataFormatException(Quoted.path(file) + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": unexpected content after the end of the JSON document");
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? Quoted.path(file) : Quoted.path(file) + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new DataFormatException(where + ": " + Quoted.shown(e.getOriginalMessage(), 2 * Quoted.LIMIT), e);
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException(Quoted.path(file) + ": " + Quoted.shown(e.getMessage()), e);
        }
    }

    private static Located read(JsonParser p) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr(), col = at.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Located> fields = new LinkedHashMap<>();
                Map<String, int[]> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation k = p.currentTokenLocation();
                    keys.put(name, new int[] {k.getLineNr(), k.getColumnNr()});
                    p.nextToken();
                    fields.put(name, read(p));
                }
                return new Located.Obj(fields, keys, line, col);
            }
            case START_ARRAY -> {
                List<Located> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new Located.Arr(items, line, col);
            }
            case VALUE_STRING -> {
                return new Located.Scalar(p.getText(), line, col);
            }
            case VALUE_NUMBER_INT -> {
                long v = p.getLongValue();
                return new Located.Scalar(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v, line, col);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Located.Scalar(p.getDoubleValue(), line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Located.Scalar(p.getBooleanValue(), line, col);
            }
            case VALUE_NULL -> {
                return new Located.Scalar(null, line, col);
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }
}
