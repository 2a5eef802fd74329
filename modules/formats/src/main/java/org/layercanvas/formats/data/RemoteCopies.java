package org.layercanvas.formats.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.layercanvas.formats.spi.RemoteFiles;

/** The {@link RemoteFiles} services on the class path, asked for local copies of data sources named by URI. */
final class RemoteCopies {
    private static final class Services {
        static final List<RemoteFiles> ALL = ServiceLoader.load(RemoteFiles.class, RemoteCopies.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    private RemoteCopies() {
    }

    /** A local copy of {@code uri}; {@code what} names the field for messages ("data source 'csv': 'path'"). */
    static Path localCopy(URI uri, String what) {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        RemoteFiles service = Services.ALL.stream().filter(s -> s.reads(scheme)).findFirst().orElseThrow(() -> new IllegalArgumentException(what
                + ": " + uri + " is on a " + scheme + " file system, which LayerCanvas reads only where a service for it is installed (the Spark jar "
                + "reads Hadoop's file systems on a cluster); copy it to a local path"));
        try {
            return service.localCopy(uri);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read " + uri + ": " + e.getMessage(), e);
        }
    }
}
