package org.layercanvas.scripting;

import org.graalvm.polyglot.HostAccess.Export;
import org.graalvm.polyglot.Value;

/** A layer of a script's project: {@code p.node("h1").set("units", 32)}. */
public final class ScriptNode {
    private final ScriptProject project;
    private final String network, id;

    ScriptNode(ScriptProject project, String network, String id) {
        this.project = project;
        this.network = network;
        this.id = id;
    }

    /** Sets a parameter, checked against the layer type's spec; returns this node for chaining. */
    @Export
    public ScriptNode set(String name, Value value) {
        project.setParam(network, id, name, Values.toJava(value));
        return this;
    }

    /** A parameter's value as the project holds it (undefined when the default applies). */
    @Export
    public Object get(String name) {
        return Values.toScript(project.node(network, id).params().get(name));
    }

    @Export
    public String type() {
        return project.node(network, id).type();
    }

    @Export
    public String id() {
        return id;
    }
}
