package org.layercanvas.formats.spi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Data sources named by a URI of another file system ({@code hdfs://…}, {@code s3a://…}): a service (registered in
 * {@code META-INF/services}) that copies such a file or folder to a local path, which the readers then read as any other.
 * LayerCanvas's Spark jar provides one on Hadoop's FileSystem, so executors read a cluster's data; without one a URI is
 * refused by name. {@code file:} URIs are local paths and need none.
 */
public interface RemoteFiles {
    /** Whether this service reads URIs of {@code scheme} (lower case: hdfs, s3a, …). */
    boolean reads(String scheme);

    /** A local copy of the file or folder {@code uri}, made once per JVM for each version of it. */
    Path localCopy(URI uri) throws IOException;
}
