package org.layercanvas.scripting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs JavaScript with the {@code lc} API in a sandbox: only the API's exported members are visible
 * (no Java classes), no file, network, thread, process, native or environment access of its own,
 * at most {@code statements} statements and, when given, a wall-clock time limit. {@link #stop()}
 * from another thread ends a run, a training in progress included.
 */
public final class ScriptRunner {
    /** @param timeout null for none; @param statements 0 for no limit */
    public record Limits(Duration timeout, long statements) {
        public static final Limits NONE = new Limits(null, 0);
    }

    /** One engine for every run: the first context costs about a second, later ones a few milliseconds. */
    private static Engine engine;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "script time limit");
        t.setDaemon(true);
        return t;
    });

    private final Lc lc;
    private final Limits limits;
    private final PrintStream out;
    private volatile Context context;
    private volatile String stopReason;

    public ScriptRunner(ScriptAccess access, List<String> args, Limits limits, PrintStream out) {
        this.lc = new Lc(access, args, out);
        this.limits = limits;
        this.out = out;
    }

    /** Runs a script file; its folder should be the access's base. */
    public void run(Path script) throws ScriptFailure, IOException {
        String code;
        try {
            code = Files.readString(script, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(script + ": not a script: the file is not UTF-8 text", e);
        }
        run(script.getFileName().toString(), code);
    }

    /** Runs {@code code}, named {@code name} in messages; blocks until it ends. */
    public void run(String name, String code) throws ScriptFailure {
        Context.Builder builder = Context.newBuilder("js").engine(engine())
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .out(out).err(out);
        if (limits.statements() > 0) {
            builder.resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.statements(), null).build());
        }
        ScheduledFuture<?> timer = null;
        try (Context c = builder.build()) {
            context = c;
            c.getBindings("js").putMember("lc", lc);
            if (limits.timeout() != null) {
                timer = TIMER.schedule(() -> stop("ran past its time limit of " + describe(limits.timeout())),
                        limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            c.eval(Source.newBuilder("js", code, name).buildLiteral());
        } catch (PolyglotException e) {
            throw failure(name, e);
        } finally {
            context = null;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Ends the run from another thread (a console's Stop): the training in progress stops, then the script. */
    public void stop() {
        stop("was stopped");
    }

    private void stop(String reason) {
        stopReason = reason;
        lc.stop();
        Context c = context;
        if (c != null) {
            c.close(true);
        }
    }

    private ScriptFailure failure(String name, PolyglotException e) {
        String where = location(name, e);
        if (e.isResourceExhausted()) {
            return new ScriptFailure(where + "the script ran more than " + limits.statements()
                    + " statements, its limit (a runaway loop?); raise it with --max-statements", e);
        }
        if (e.isCancelled() || (e.isInterrupted() && stopReason != null)) {
            return new ScriptFailure(where + "the script " + (stopReason == null ? "was stopped" : stopReason), e);
        }
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            String message = host.getMessage() == null ? host.toString() : host.getMessage();
            return new ScriptFailure(where + (host instanceof SecurityException ? "refused: " : "") + message, e);
        }
        String message = e.getMessage();
        if (message != null && (message.contains("not allowed") || message.contains("Access to host class"))) {
            message = "refused by the sandbox: " + message + " (scripts reach files and the engine only through lc)";
        }
        return new ScriptFailure(where + message, e);
    }

    /** "script.js:3:5: " for the innermost place in the script itself. */
    private static String location(String name, PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        if (at == null || e.isHostException()) {
            at = null;
            for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
                if (f.isGuestFrame() && f.getSourceLocation() != null) {
                    at = f.getSourceLocation();
                    break;
                }
            }
        }
        return at == null ? name + ": " : at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn() + ": ";
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static synchronized Engine engine() {
        if (engine == null) {
            // interpreter only on a stock JDK: GraalVM would say so on every start
            engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        }
        return engine;
    }
}
