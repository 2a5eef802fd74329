package org.layercanvas.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/**
 * Runs the built bin/layercanvas against a stand-in Java (a shell script that records how it was
 * called and plays the parts of the application and the updater), so the launcher's contract with
 * the platform is checked without starting a JVM: options and arguments reach Java intact, a
 * restart asked for by the application starts it again, plugins staged by the plugin manager are
 * installed by the updater first, exit statuses pass through.
 */
public class LauncherScriptTest {
    private static final String STUB = String.join("\n",
            "#!/bin/sh",
            "dir=$(dirname \"$0\")/..",
            "{ printf '%s\\n' \"$@\"; echo '--end--'; } >>\"$dir/calls\"",
            "printf '%s\\n' \"$LD_PRELOAD\" >>\"$dir/preloads\"",
            "for a in \"$@\"; do",
            "  case $a in -Dnetbeans.user=*) rm -f \"${a#-Dnetbeans.user=}\"/update/download/*.nbm; exit 0 ;; esac",
            "  case $a in --userdir) next=userdir ;; *) [ \"$next\" = userdir ] && user=$a; next= ;; esac",
            "done",
            "if [ -f \"$dir/restart-once\" ]; then rm \"$dir/restart-once\"; mkdir -p \"$user/var\"; touch \"$user/var/restart\"; fi",
            "exit $(cat \"$dir/exit-code\" 2>/dev/null || echo 0)",
            "");

    private Path launcher;
    private Path jdk;
    private Path userdir;

    @Before
    public void stubJava() throws IOException {
        launcher = Path.of(System.getProperty("app.launcher"));
        assertTrue("launcher not built: " + launcher, Files.isExecutable(launcher));
        jdk = Files.createTempDirectory("stub-jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.createFile(jdk.resolve("lib/server/libjvm.so"));
        Files.createSymbolicLink(jdk.resolve("lib/libjsig.so"), Path.of(System.getProperty("java.home"), "lib/libjsig.so"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, STUB);
        assertTrue(java.toFile().setExecutable(true));
        userdir = Files.createTempDirectory("launcher user folder");
    }

    @Test
    public void optionsAndArgumentsReachJavaIntact() throws Exception {
        String project = "/projects with spaces/my net.lcproj.json";
        assertEquals(0, launch("--open", project, "-J-Dsome.option=a b"));
        List<List<String>> calls = calls();
        assertEquals(1, calls.size());
        List<String> call = calls.get(0);
        assertEquals("org.netbeans.Main", call.get(call.indexOf("--cachedir") - 1));
        assertTrue(call.toString(), call.containsAll(List.of("--open", project, "-Dsome.option=a b", "--branding", "layercanvas")));
        assertEquals(userdir.toString(), after(call, "--userdir"));
        assertEquals(userdir.resolve("var/cache").toString(), after(call, "--cachedir"));
        Path home = launcher.getParent().getParent();
        assertTrue(after(call, "-classpath"), after(call, "-classpath").contains(home.resolve("platform/lib/boot.jar").toString()));
        assertTrue(call.contains("-Dnetbeans.home=" + home.resolve("platform")));
        String dirs = call.stream().filter(a -> a.startsWith("-Dnetbeans.dirs=")).findFirst().orElseThrow();
        assertTrue(dirs, dirs.contains(home.resolve("layercanvas").toString()));
        assertTrue("the conf's options: " + call, call.contains("--add-modules=jdk.incubator.vector"));
        assertTrue(call.contains("-XX:HeapDumpPath=" + userdir.resolve("var/log/heapdump.hprof")));
    }

    @Test
    public void javaRunsWithTheJdksSignalChainingLibraryPreloaded() throws Exception {
        assertEquals(0, launch());
        List<String> preloads = Files.readAllLines(jdk.resolve("preloads"));
        assertEquals(List.of(jdk.resolve("lib/libjsig.so").toString()), preloads);
    }

    @Test
    public void theFirstStartRecordsAClassArchiveThatLaterStartsMap() throws Exception {
        assertEquals(0, launch());
        List<String> first = calls().get(0);
        assertTrue(first.contains("-XX:+RecordDynamicDumpInfo"));
        String archive = first.stream().filter(a -> a.startsWith("-Dlayercanvas.classArchive=")).findFirst().orElseThrow()
                .substring("-Dlayercanvas.classArchive=".length());
        assertTrue(archive, archive.startsWith(userdir.resolve("var/cache").toString()));
        Files.createDirectories(Path.of(archive).getParent());
        Files.createFile(Path.of(archive));
        assertEquals(0, launch());
        List<String> second = calls().get(1);
        assertTrue(second.toString(), second.contains("-XX:SharedArchiveFile=" + archive));
        assertFalse(second.contains("-XX:+RecordDynamicDumpInfo"));
    }

    @Test
    public void aRestartAskedForByTheApplicationStartsItAgain() throws Exception {
        Files.createFile(jdk.resolve("restart-once"));
        assertEquals(0, launch());
        assertEquals(2, calls().size());
        assertFalse("the restart marker is consumed", Files.exists(userdir.resolve("var/restart")));
    }

    @Test
    public void stagedPluginsAreInstalledByTheUpdaterBeforeTheApplicationStarts() throws Exception {
        Files.createDirectories(userdir.resolve("update/download"));
        Files.createFile(userdir.resolve("update/download/org-example-plugin.nbm"));
        assertEquals(0, launch());
        List<List<String>> calls = calls();
        assertEquals(2, calls.size());
        assertTrue(calls.get(0).toString(), calls.get(0).contains("org.netbeans.updater.UpdaterFrame"));
        assertTrue(after(calls.get(0), "-classpath"), after(calls.get(0), "-classpath").endsWith("modules/ext/updater.jar"));
        assertTrue(calls.get(1).contains("org.netbeans.Main"));
    }

    @Test
    public void aJarInTheUserFolderHidesThePlatformsJarOfTheSameName() throws Exception {
        Files.createDirectories(userdir.resolve("lib"));
        Files.createFile(userdir.resolve("lib/boot.jar"));
        assertEquals(0, launch());
        List<String> classPath = Arrays.asList(after(calls().get(0), "-classpath").split(":"));
        assertEquals(userdir.resolve("lib/boot.jar").toString(), classPath.get(0));
        assertFalse(classPath.toString(), classPath.stream().anyMatch(p -> p.endsWith("platform/lib/boot.jar")));
    }

    @Test
    public void theUserFoldersConfAddsOptions() throws Exception {
        Files.createDirectories(userdir.resolve("etc"));
        Files.writeString(userdir.resolve("etc/layercanvas.conf"), "default_options=\"$default_options -J-Dfrom.user.conf=yes\"\n");
        assertEquals(0, launch());
        assertTrue(calls().get(0).contains("-Dfrom.user.conf=yes"));
    }

    @Test
    public void exitStatusesPassThroughAndStatus4MeansHandedToTheRunningInstance() throws Exception {
        Files.writeString(jdk.resolve("exit-code"), "3");
        assertEquals(3, launch());
        Files.writeString(jdk.resolve("exit-code"), "4");
        assertEquals(0, launch());
    }

    @Test
    public void withoutJavaItSaysSoAndExitsWith2() throws Exception {
        Process p = new ProcessBuilder(launcher.toString(), "--jdkhome", jdk.resolve("missing").toString(), "--userdir", userdir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(out, out.contains("Cannot find java. Please use the --jdkhome switch."));
    }

    private int launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "--jdkhome", jdk.toString(), "--userdir", userdir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(jdk.resolve("launcher.out").toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("LD_PRELOAD"); // the build's own, for this test's JVM
        Process p = pb.start();
        assertTrue("the launcher did not finish", p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** Each call of the stand-in java: its arguments. */
    private List<List<String>> calls() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        List<String> call = new ArrayList<>();
        for (String line : Files.readAllLines(jdk.resolve("calls"))) {
            if (line.equals("--end--")) {
                calls.add(call);
                call = new ArrayList<>();
            } else {
                call.add(line);
            }
        }
        return calls;
    }

    private static String after(List<String> call, String option) {
        return call.get(call.indexOf(option) + 1);
    }
}
