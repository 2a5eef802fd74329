package org.layercanvas.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;

/**
 * A real cluster on this machine: a standalone master and two workers, each its own JVM started from the Maven jars (a
 * minimal Spark home: a RELEASE file and jars/ linking them), executors started by the workers. Synchronous training of
 * the Iris MLP with one executor killed mid-run completes, Spark running the lost tasks again, with the weights of
 * training on one machine.
 */
class ClusterTrainingTest {
    private static final Path IRIS = Path.of("../../examples/iris-mlp/iris-mlp.lcproj.json").toAbsolutePath().normalize();
    @TempDir
    Path dir;

    @Test
    void anExecutorKilledMidRunChangesNothing() throws Exception {
        Path home = sparkHome();
        String classPath = executorClassPath();
        int port = freePort();
        List<Process> daemons = new ArrayList<>();
        try {
            daemons.add(daemon(home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--webui-port", String.valueOf(freePort())));
            waitForPort(port);
            for (int w = 0; w < 2; w++) {
                daemons.add(daemon(home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                        "--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work" + w).toString(), "spark://127.0.0.1:" + port));
            }
            SparkConf conf = new SparkConf().setMaster("spark://127.0.0.1:" + port).setAppName("ClusterTrainingTest")
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.enabled", "false")
                    .set("spark.executor.memory", "768m").set("spark.executor.cores", "1")
                    .set("spark.executor.extraClassPath", classPath) // the executors load LayerCanvas as this JVM does
                    .set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
            Path run = dir.resolve("cluster"), single = dir.resolve("single");
            try (JavaSparkContext spark = new JavaSparkContext(conf)) {
                spark.setLogLevel("WARN");
                waitForExecutors(spark, 2, this::logs);
                Thread killer = new Thread(() -> killAnExecutorAfter(spark, 4, daemons.get(1)));
                killer.start();
                int code = SparkTrain.run(spark, IRIS.toString(), "--out", run.toString(), "--epochs", "2", "--partitions", "2",
                        "--backend", "cpu");
                killer.join(60_000);
                assertThat(code).isZero();
                assertThat(killed).as("an executor was killed mid-run").isTrue();
                assertThat(Files.readString(run.resolve("metrics.json"))).contains("\"spark.executors\" : \"2\"");
            }
            try (ProjectSession session = ProjectSession.open(IRIS, "cpu", null)) {
                TrainingRun.run(session, session.project().training().withEpochs(2), single, new TrainingListener() { });
            }
            Map<String, float[]> want = SparkRuns.weights(single.resolve("weights.safetensors")), got = SparkRuns.weights(run.resolve("weights.safetensors"));
            for (var e : want.entrySet()) {
                float[] a = e.getValue(), b = got.get(e.getKey());
                for (int i = 0; i < a.length; i++) {
                    assertThat(b[i]).as(e.getKey() + "[" + i + "]").isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        } finally {
            for (Process p : daemons) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private volatile boolean killed;

    /** Once {@code jobs} Spark jobs (steps) have run, kills the executor JVM {@code worker} started, as a lost machine would vanish. */
    private void killAnExecutorAfter(JavaSparkContext spark, int jobs, Process worker) {
        try {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < until && spark.statusTracker().getJobIdsForGroup(null).length < jobs) {
                Thread.sleep(20);
            }
            worker.descendants().findFirst().ifPresent(executor -> killed = executor.destroyForcibly());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForExecutors(JavaSparkContext spark, int n, java.util.concurrent.Callable<String> logs) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (spark.sc().statusTracker().getExecutorInfos().length < n + 1 && System.nanoTime() < until) { // the driver counts too
            Thread.sleep(200);
        }
        if (spark.sc().statusTracker().getExecutorInfos().length < n + 1) {
            throw new AssertionError("executors did not register: " + logs.call());
        }
    }

    /**
     * A Spark home as the workers need one to start executors: a RELEASE file and jars/ linking this JVM's jars, except
     * LayerCanvas's own (the executors get those from spark.executor.extraClassPath, as from an application jar).
     */
    private Path sparkHome() throws IOException {
        Path home = dir.resolve("spark-home"), jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.0.1 (a minimal home for tests: the Maven jars)\n");
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(jars.resolve(jar.getFileName()))
                    && !entry.contains("layercanvas") && !entry.contains(PARQUET_FLOOR)) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        }
        return home;
    }

    private static final String PARQUET_FLOOR = "parquet-floor";

    /**
     * This JVM's class path for the executors, which put it before Spark's jars: parquet-floor's stand-in Hadoop classes
     * would win there and break Spark, so it goes as a copy without them (as layercanvas-spark.jar leaves them out).
     */
    private String executorClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry.contains(PARQUET_FLOOR) ? withoutHadoop(Path.of(entry)).toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private Path withoutHadoop(Path jar) throws IOException {
        Path copy = dir.resolve(jar.getFileName());
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(jar));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(copy))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.getName().startsWith("org/apache/hadoop/")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    private Process daemon(Path home, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", home.resolve("jars") + File.separator + "*", main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(main.substring(main.lastIndexOf('.') + 1) + "-" + System.nanoTime() + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    /** Until the master listens (its JVM takes seconds to start), or a minute has passed. */
    private void waitForPort(int port) throws InterruptedException, IOException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < until) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the master did not start: " + logs());
    }

    /** The daemons' logs, for a failure's message. */
    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                all.append("\n--- ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return all.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
