package org.layercanvas.workbench;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs scripts for a caller that cannot link against the scripting engine itself: the application,
 * where GraalVM must live in a class loader of its own (its languages are not found through a
 * NetBeans module's loader). The scripting module implements it as a service; the application finds
 * it with {@link java.util.ServiceLoader} in that loader, whose parent shares this interface.
 */
public interface ScriptService {
    /** One run at a time of scripts against files in {@code folder}, printing to {@code out}. */
    Session open(Path folder, PrintStream out);

    /** A script session. */
    interface Session {
        /**
         * Runs {@code code} (named {@code name} in messages) until it ends; no time or statement limit.
         *
         * @throws Exception whose message says where (name:line:column) and why the script failed
         */
        void run(String name, String code) throws Exception;

        /** Ends the run in progress from another thread, a training in progress included. */
        void stop();
    }
}
