package org.layercanvas.formats.spi;

import org.layercanvas.engine.api.Shape;

/**
 * The PyTorch module being written ({@code class Net(nn.Module)}), as a {@link PyTorchAdapter} sees
 * it. Images are channels-first [N, C, H, W] as in LayerCanvas. The module imports {@code torch},
 * {@code torch.nn.functional as F} and {@code from torch import nn}.
 */
public interface PyTorchModule {
    /** The sample shape (without the batch) of node {@code nodeId}'s output. */
    Shape shape(String nodeId);

    /** The Python name of node {@code nodeId}: its output's variable in {@code forward} and its attribute {@code self.<name>}. */
    String variable(String nodeId);

    /** Adds {@code self.<variable> = expression  # comment} to {@code __init__}. */
    void module(String nodeId, String expression, String comment);

    /** Adds {@code code  # comment} to {@code forward}. */
    void line(String code, String comment);

    /** Adds the state-dict entry {@code <variable>.<torchName>}: parameter {@code param} of node {@code nodeId}, as stored. */
    void param(String nodeId, String param, String torchName);

    /** Defines {@code source} (a function or class) at module level, once however often it is asked for under {@code name}. */
    void define(String name, String source);
}
