package org.layercanvas.scripting;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.layercanvas.workbench.ScriptService;

/** The scripting engine as a service for the application's console: trusted runs, no limits, the project's folder as the base. */
public final class ScriptServiceProvider implements ScriptService {
    @Override
    public Session open(Path folder, PrintStream out) {
        ScriptRunner runner = new ScriptRunner(new ScriptAccess(folder, List.of(), List.of()), List.of(), ScriptRunner.Limits.NONE, out);
        return new Session() {
            @Override
            public void run(String name, String code) throws ScriptFailure {
                runner.run(name, code);
            }

            @Override
            public void stop() {
                runner.stop();
            }
        };
    }
}
