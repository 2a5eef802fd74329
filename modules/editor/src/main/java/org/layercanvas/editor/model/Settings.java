package org.layercanvas.editor.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.EarlyStopping;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.train.Metrics;
import org.layercanvas.engine.train.Optimizers;
import org.layercanvas.formats.ProjectFiles;

/**
 * The project's training and data sections, one field at a time, as the settings panel edits
 * them: field names are the project file's (loss, batch_size, …). Each change is checked the way
 * the engine checks a project file — the optimizer's parameter specs, the known losses and metrics,
 * and the file format's own rules by parsing the changed project — so a bad value is refused with
 * the engine's message before it reaches the document.
 */
public final class Settings {
    /** Training used when a project has none yet (an imported model): what a new user would start with. */
    public static final TrainingConfig DEFAULT_TRAINING = new TrainingConfig("categorical_crossentropy", false, List.of("accuracy"),
            new OptimizerConfig("adam", Map.of("learning_rate", 0.001)), 32, 10, TrainingConfig.DEFAULT_SEED, 0.1, null);
    public static final List<String> TRAINING_FIELDS = List.of("loss", "from_logits", "metrics", "optimizer", "batch_size", "epochs",
            "seed", "validation_split", "early_stopping_patience", "early_stopping_min_delta", "scheme");

    private Settings() {
    }

    public static TrainingConfig training(Project p) {
        return p.training() == null ? DEFAULT_TRAINING : p.training();
    }

    public static DataConfig data(Project p) {
        return p.data() == null ? new DataConfig(null, null, Preprocess.NONE) : p.data();
    }

    /** The current value of a training field, as the panel shows it. */
    public static Object trainingValue(TrainingConfig t, String field) {
        EarlyStopping es = t.earlyStopping();
        return switch (field) {
            case "loss" -> t.loss();
            case "from_logits" -> t.fromLogits();
            case "metrics" -> String.join(", ", t.metrics());
            case "optimizer" -> t.optimizer().type();
            case "batch_size" -> t.batchSize();
            case "epochs" -> t.epochs();
            case "seed" -> t.seed();
            case "validation_split" -> t.validationSplit();
            case "early_stopping_patience" -> es == null ? 0 : es.patience();
            case "early_stopping_min_delta" -> es == null ? 0.0 : es.minDelta();
            case "scheme" -> t.scheme();
            default -> throw new IllegalArgumentException("no training field '" + field + "'");
        };
    }

    /** {@code t} with one field changed; 0 patience means no early stopping. */
    public static TrainingConfig withTraining(TrainingConfig t, String field, Object value) {
        String loss = t.loss(), scheme = t.scheme();
        boolean logits = t.fromLogits();
        List<String> metrics = t.metrics();
        OptimizerConfig opt = t.optimizer();
        int batch = t.batchSize(), epochs = t.epochs();
        long seed = t.seed();
        double split = t.validationSplit();
        EarlyStopping es = t.earlyStopping();
        switch (field) {
            case "loss" -> loss = oneOf("loss", String.valueOf(value), LossKind.keys());
            case "from_logits" -> logits = (Boolean) value;
            case "metrics" -> metrics = metrics(String.valueOf(value));
            case "optimizer" -> opt = new OptimizerConfig(oneOf("optimizer", String.valueOf(value), List.copyOf(Optimizers.specs().keySet())),
                    keepLearningRate(opt, String.valueOf(value)));
            case "batch_size" -> batch = atLeast1("batch_size", value);
            case "epochs" -> epochs = atLeast1("epochs", value);
            case "seed" -> seed = ((Number) value).longValue();
            case "validation_split" -> split = ((Number) value).doubleValue();
            case "early_stopping_patience" -> {
                int patience = ((Number) value).intValue();
                if (patience < 0) {
                    throw new IllegalArgumentException("early_stopping patience must be 0 (none) or more, not " + patience);
                }
                es = patience == 0 ? null : new EarlyStopping(patience, es == null ? 0.0 : es.minDelta());
            }
            case "early_stopping_min_delta" -> {
                if (es == null) {
                    throw new IllegalArgumentException("set early_stopping patience first (0 means no early stopping)");
                }
                es = new EarlyStopping(es.patience(), ((Number) value).doubleValue());
            }
            case "scheme" -> scheme = oneOf("scheme", String.valueOf(value), TrainingConfig.SCHEMES);
            default -> throw new IllegalArgumentException("no training field '" + field + "'");
        }
        TrainingConfig changed = new TrainingConfig(loss, logits, metrics, opt, batch, epochs, seed, split, es, scheme, t.onNonFinite(),
                t.checkpointMinutes());
        Optimizers.create(changed.optimizer()); // the optimizer's own checks, as at training start
        return changed;
    }

    /** The parameter specs of the training's optimizer (learning_rate, momentum, …). */
    public static List<ParamSpec> optimizerParams(TrainingConfig t) {
        return Optimizers.specs().getOrDefault(t.optimizer().type(), List.of());
    }

    /** {@code t} with one optimizer parameter changed, checked against its spec. */
    public static TrainingConfig withOptimizerParam(TrainingConfig t, String name, Object value) {
        ParamSpec spec = optimizerParams(t).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("optimizer " + t.optimizer().type() + " has no parameter '" + name + "'"));
        Map<String, Object> params = new LinkedHashMap<>(t.optimizer().params());
        params.put(name, spec.coerce(value));
        TrainingConfig changed = t.withOptimizer(new OptimizerConfig(t.optimizer().type(), params));
        Optimizers.create(changed.optimizer());
        return changed;
    }

    /** The learning rate survives a change of optimizer when the new one takes it; other parameters start at their defaults. */
    private static Map<String, Object> keepLearningRate(OptimizerConfig old, String type) {
        Object lr = old.params().get("learning_rate");
        return lr == null ? Map.of() : Map.of("learning_rate", lr);
    }

    /**
     * {@code d} with one field of the train or test source changed ({@code part} "train" or "test";
     * field "type" picks the reader; a null or blank value removes the field).
     */
    public static DataConfig withSourceField(DataConfig d, String part, String field, Object value) {
        DataSource old = part.equals("train") ? d.train() : d.test();
        Map<String, Object> fields = new LinkedHashMap<>(old == null ? Map.of() : old.fields());
        String type = old == null ? "csv" : old.type();
        boolean blank = value == null || value instanceof String s && s.isBlank();
        if (field.equals("type")) {
            type = String.valueOf(value);
        } else if (blank) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        DataSource changed = fields.isEmpty() && field.equals("path") && blank ? null : new DataSource(type, fields);
        return part.equals("train") ? new DataConfig(changed, d.test(), d.preprocess()) : new DataConfig(d.train(), changed, d.preprocess());
    }

    /** {@code d} with one preprocessing field (scale, standardize, one_hot) changed; 0 / null turns it off. */
    public static DataConfig withPreprocess(DataConfig d, String field, Object value) {
        Preprocess p = d.preprocess() == null ? Preprocess.NONE : d.preprocess();
        Preprocess changed = switch (field) {
            case "scale" -> new Preprocess(value == null || ((Number) value).doubleValue() == 0 ? null : ((Number) value).doubleValue(),
                    p.standardize(), p.oneHot());
            case "standardize" -> new Preprocess(p.scale(), (Boolean) value, p.oneHot());
            case "one_hot" -> new Preprocess(p.scale(), p.standardize(), value == null || ((Number) value).intValue() == 0 ? null : ((Number) value).intValue());
            default -> throw new IllegalArgumentException("no preprocessing field '" + field + "'");
        };
        return new DataConfig(d.train(), d.test(), changed);
    }

    /**
     * Refuses a project whose training or data section the file format would refuse on reading
     * (unknown values, ranges), with the reader's message less the location, which would name a file
     * that was never written. The networks are left out: they are not what changed, and an imported
     * model's thousands of layers would be written and parsed again for each setting.
     */
    static void check(Project p, Path file) {
        Project settingsOnly = new Project(p.name(), List.of(), p.training(), p.data());
        try {
            ProjectFiles.parse(ProjectFiles.toJson(settingsOnly).getBytes(StandardCharsets.UTF_8), file);
        } catch (DataFormatException e) {
            String m = e.getMessage();
            int at = m.indexOf(": ");
            throw new IllegalArgumentException(at > 0 && m.startsWith(String.valueOf(file)) ? m.substring(at + 2) : m, e);
        }
    }

    private static List<String> metrics(String text) {
        List<String> out = new ArrayList<>();
        for (String m : text.split("[,\\s]+")) {
            if (!m.isBlank()) {
                out.add(oneOf("metric", m, Metrics.NAMES));
            }
        }
        return out;
    }

    private static String oneOf(String what, String value, List<String> known) {
        if (!known.contains(value)) {
            throw new IllegalArgumentException("unknown " + what + " \"" + value + "\" (known: " + String.join(", ", known) + ")");
        }
        return value;
    }

    private static int atLeast1(String field, Object value) {
        int v = ((Number) value).intValue();
        if (v < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, not " + v);
        }
        return v;
    }
}
