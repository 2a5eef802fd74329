package org.layercanvas.scripting;

import org.graalvm.polyglot.HostAccess.Export;

/** One network of a script's project: {@code p.network("generator").node("g1")}. */
public final class ScriptNetwork {
    private final ScriptProject project;
    private final String name;

    ScriptNetwork(ScriptProject project, String name) {
        this.project = project;
        this.name = name;
    }

    @Export
    public ScriptNode node(String id) {
        project.node(name, id); // refuses an unknown id now, not at the first set
        return new ScriptNode(project, name, id);
    }

    /** The layer ids, in the project's order. */
    @Export
    public Object nodes() {
        return Values.toScript(project.networkOf(name).nodes().stream().map(n -> n.id()).toList());
    }

    @Export
    public String name() {
        return name;
    }
}
