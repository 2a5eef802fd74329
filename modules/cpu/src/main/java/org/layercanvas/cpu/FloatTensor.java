package org.layercanvas.cpu;

import org.layercanvas.engine.spi.Tensor;

/** A CPU tensor: a float array on the Java heap. */
final class FloatTensor implements Tensor {
    final float[] data;

    FloatTensor(int size) {
        data = new float[size];
    }

    @Override
    public int size() {
        return data.length;
    }

    static float[] of(Tensor t) {
        return t == null ? null : ((FloatTensor) t).data;
    }
}
