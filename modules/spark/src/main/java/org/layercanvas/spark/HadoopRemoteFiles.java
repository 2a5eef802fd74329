package org.layercanvas.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.layercanvas.formats.spi.RemoteFiles;

/**
 * Data on the cluster's file systems (HDFS, S3 through s3a, Azure, …: whatever Hadoop's configuration on the class path,
 * HADOOP_CONF_DIR on a cluster, provides): the driver and each executor copy a data file or folder once into a local cache
 * through Hadoop's FileSystem and read the copy. The cache is keyed by the URI, the remote length and modification time,
 * so a changed file is copied again; a copy is written under a temporary name and moved into place, so a JVM killed
 * mid-copy leaves nothing that looks complete.
 */
public final class HadoopRemoteFiles implements RemoteFiles {
    /** Where the copies go: {@code layercanvas.spark.cache} or the temporary folder. */
    private static final Path CACHE = Path.of(System.getProperty("layercanvas.spark.cache", System.getProperty("java.io.tmpdir")), "layercanvas-spark-data");

    @Override
    public boolean reads(String scheme) {
        return !scheme.equals("file");
    }

    @Override
    public Path localCopy(URI uri) throws IOException {
        return copy(uri, CACHE);
    }

    /** {@code uri}'s copy under {@code cache}, made now unless this version of it is there already. */
    static synchronized Path copy(URI uri, Path cache) throws IOException {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = FileSystem.get(uri, new Configuration());
        FileStatus status = fs.getFileStatus(remote);
        long length = status.isDirectory() ? fs.getContentSummary(remote).getLength() : status.getLen();
        String key = digest(uri + "|" + length + "|" + status.getModificationTime());
        Path local = cache.resolve(key).resolve(remote.getName().isEmpty() ? "data" : remote.getName());
        if (Files.exists(local)) {
            return local;
        }
        Files.createDirectories(local.getParent());
        Path partial = local.resolveSibling(local.getFileName() + ".partial");
        deleteRecursively(partial);
        fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(partial.toUri()), true);
        Files.move(partial, local, StandardCopyOption.ATOMIC_MOVE);
        return local;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
