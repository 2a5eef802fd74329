package org.layercanvas.engine.spi;

import java.util.List;

/**
 * Makes backends of one kind ("java", "cpu", "opencl", "jtp"). Registered in
 * {@code META-INF/services/org.layercanvas.engine.spi.BackendProvider}; {@link Backends} picks the
 * one with the highest {@link #autoPriority()} when the user asks for "auto".
 */
public interface BackendProvider {
    String name();

    /** One line saying what this kind runs on. */
    String description();

    /** The devices found, one line each, for {@code layercanvas devices}; empty when none is usable. */
    List<String> devices();

    /** Higher wins for "auto"; negative means never chosen automatically (e.g. OpenCL on a CPU: slow). */
    int autoPriority();

    /** @throws IllegalStateException when no usable device exists, saying why */
    Backend create();
}
