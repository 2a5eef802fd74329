package org.layercanvas.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** This machine's files under the scheme {@code lcfile}: a Hadoop file system that is not {@code file:}, for tests without HDFS. */
public class LocalAsRemoteFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
        return URI.create("lcfile:///");
    }

    @Override
    public String getScheme() {
        return "lcfile";
    }
}
