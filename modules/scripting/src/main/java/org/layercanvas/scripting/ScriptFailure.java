package org.layercanvas.scripting;

/** A script that did not run to its end: the message says where (file:line:column) and why. */
public final class ScriptFailure extends Exception {
    public ScriptFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
