package org.layercanvas.engine.spi;

import java.io.IOException;

/** Bad content in a data, weights or project file; the message names the file and the place (row, line, offset). */
public class DataFormatException extends IOException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
