package org.layercanvas.app.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import org.openide.modules.OnStop;

/**
 * Records the classes this session loaded into a class data sharing archive as the application
 * exits, when the launcher asks for one ({@code -Dlayercanvas.classArchive=FILE}, set with
 * {@code -XX:+RecordDynamicDumpInfo} while FILE does not exist; see bin/layercanvas). Later
 * starts map the archive instead of loading those classes again.
 *
 * <p>Recorded here rather than with {@code -XX:ArchiveClassesAtExit}: that flag would also record
 * the short-lived launcher calls that only hand a file to a running window (--open, --shutdown),
 * whose archives hold a fraction of the classes a real start needs. The archive is written under a
 * temporary name and moved into place, so a start never maps a half-written file.
 */
@OnStop
public final class ClassArchive implements Runnable {
    static final String PROPERTY = "layercanvas.classArchive";
    private static final Logger LOG = Logger.getLogger(ClassArchive.class.getName());

    @Override
    public void run() {
        String target = System.getProperty(PROPERTY);
        if (target != null) {
            record(Path.of(target));
        }
    }

    static void record(Path archive) {
        try {
            Files.createDirectories(archive.toAbsolutePath().getParent());
            Path part = Files.createTempFile(archive.toAbsolutePath().getParent(), archive.getFileName().toString(), ".part");
            Files.delete(part); // the JVM creates the file itself
            try {
                ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                        new Object[] {new String[] {"dynamic_dump", part.toString()}}, new String[] {String[].class.getName()});
                if (Files.size(part) > 0) {
                    Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException | JMException | RuntimeException e) {
            // a start without the archive is only slower: say why in the log and go on exiting
            LOG.log(Level.INFO, "could not record the class archive " + archive, e);
        }
    }
}
