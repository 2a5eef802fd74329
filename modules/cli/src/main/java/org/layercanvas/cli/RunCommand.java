package org.layercanvas.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.layercanvas.scripting.ScriptAccess;
import org.layercanvas.scripting.ScriptFailure;
import org.layercanvas.scripting.ScriptRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layercanvas run SCRIPT.js [ARGS…]}: a JavaScript file with the lc API, in the sandbox (docs/scripting.md). */
@Command(name = "run", description = {"Runs a JavaScript file with the lc API (docs/scripting.md) in a sandbox: it reads and writes",
        "files only through lc, in its own folder unless --allow-read/--allow-write grant more. Exit 2 on a script error."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The script (.js).")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Passed to the script as lc.args (put -- before ones that start with -).")
    List<String> args = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "TIME", description = "Stop the script after this long: 90s, 5m, 1500ms. Default: no limit.")
    String timeout;

    @Option(names = "--max-statements", paramLabel = "N", defaultValue = "100000000",
            description = "Stop a script that runs more JavaScript statements than this (training counts as one). Default: ${DEFAULT-VALUE}.")
    long maxStatements;

    @Option(names = "--allow-read", paramLabel = "DIR", description = "A folder the script may also read (its data, other projects).")
    List<Path> allowRead = new ArrayList<>();

    @Option(names = "--allow-write", paramLabel = "DIR", description = "A folder the script may also write (and read).")
    List<Path> allowWrite = new ArrayList<>();

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (maxStatements < 0) {
            throw new IllegalArgumentException("--max-statements must be 0 (no limit) or more, not " + maxStatements);
        }
        Path file = script.toAbsolutePath();
        ScriptAccess access = new ScriptAccess(file.getParent(), allowRead, allowWrite);
        ScriptRunner runner = new ScriptRunner(access, args, new ScriptRunner.Limits(timeout == null ? null : duration(timeout), maxStatements), System.out);
        try {
            runner.run(file);
        } catch (ScriptFailure f) {
            throw new IllegalArgumentException(f.getMessage(), f);
        }
        return 0;
    }

    /** "90s", "5m", "1500ms", "2h", or a plain number of seconds. */
    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--timeout " + text + ": give a time like 90s, 5m or 1500ms");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = n * switch (unit) {
            case "ms" -> 1;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1000;
        };
        if (millis < 1) {
            throw new IllegalArgumentException("--timeout " + text + " is too short");
        }
        return Duration.ofMillis((long) millis);
    }
}
