package org.layercanvas.formats.python;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.formats.AtomicFiles;

/** An exporter that writes a folder of files (code and weights), all or nothing (see {@link AtomicFiles#writeFolder}). */
public abstract class FolderExporter implements ModelExporter {
    @Override
    public final String extension() {
        return "";
    }

    @Override
    public final boolean writesFolder() {
        return true;
    }

    @Override
    public final List<String> fileNames() {
        return List.copyOf(names());
    }

    /** The file names, in the order {@link #files} gives them. */
    protected abstract List<String> names();

    @Override
    public final void export(Network network, List<WeightTensor> weights, LayerRegistry registry, Path target) throws IOException {
        AtomicFiles.writeFolder(target, files(network, weights, registry));
    }

    /**
     * The files of the export by name.
     *
     * @throws IllegalArgumentException see {@link ModelExporter#export}
     */
    public abstract Map<String, byte[]> files(Network network, List<WeightTensor> weights, LayerRegistry registry) throws IOException;
}
