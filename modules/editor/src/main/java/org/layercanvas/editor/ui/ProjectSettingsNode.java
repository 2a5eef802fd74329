package org.layercanvas.editor.ui;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.model.Settings;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.formats.starter.DataFiles;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.train.Optimizers;
import org.openide.nodes.AbstractNode;
import org.openide.nodes.Children;
import org.openide.nodes.PropertySupport;
import org.openide.nodes.Sheet;
import org.openide.util.Lookup;

/**
 * The project's settings in the Properties window when no layer is selected (and from Project ▸
 * Training…): the training section (loss, metrics, optimizer and its parameters, batch size,
 * epochs, seed, validation split, early stopping) and the data section (train and test sources of
 * any registered reader, preprocessing). Every value goes through {@link ProjectDocument}, which
 * checks it as the engine does and records an undoable edit.
 */
final class ProjectSettingsNode extends AbstractNode {
    private final ProjectDocument document;
    private final Path projectDir;

    ProjectSettingsNode(ProjectDocument document, Path projectFile, Lookup lookup) {
        super(Children.LEAF, lookup);
        this.document = document;
        this.projectDir = projectFile.toAbsolutePath().getParent();
        setName("settings");
        setDisplayName("Project '" + document.project().name() + "'");
    }

    @Override
    protected Sheet createSheet() {
        Sheet sheet = new Sheet();
        sheet.put(trainingSet());
        sheet.put(optimizerSet());
        sheet.put(source("train", "Training data"));
        sheet.put(source("test", "Test data"));
        sheet.put(preprocess());
        return sheet;
    }

    /** Called by the editor after every document change so the sheet shows current values. */
    void refresh() {
        setSheet(createSheet());
    }

    private TrainingConfig training() {
        return Settings.training(document.project());
    }

    private DataConfig data() {
        return Settings.data(document.project());
    }

    private Sheet.Set trainingSet() {
        Sheet.Set set = set("training", "Training");
        set.put(prop("loss", "Loss", String.class, "What training minimises", () -> training().loss(),
                v -> document.setTrainingField("loss", v), LossKind.keys()));
        set.put(prop("from_logits", "From logits", Boolean.class, "The output is a logit; the loss applies sigmoid/softmax itself",
                () -> training().fromLogits(), v -> document.setTrainingField("from_logits", v), null));
        set.put(prop("metrics", "Metrics", String.class, "Comma-separated: accuracy, auc, mse, mae",
                () -> (String) Settings.trainingValue(training(), "metrics"), v -> document.setTrainingField("metrics", v), null));
        set.put(prop("optimizer", "Optimizer", String.class, "How the weights are updated",
                () -> training().optimizer().type(), v -> document.setTrainingField("optimizer", v), List.copyOf(Optimizers.specs().keySet())));
        set.put(prop("batch_size", "Batch size", Integer.class, "Samples per optimizer step",
                () -> training().batchSize(), v -> document.setTrainingField("batch_size", v), null));
        set.put(prop("epochs", "Epochs", Integer.class, "Passes over the training data",
                () -> training().epochs(), v -> document.setTrainingField("epochs", v), null));
        set.put(prop("seed", "Seed", Long.class, "Initial weights and shuffling; the same seed gives the same run",
                () -> training().seed(), v -> document.setTrainingField("seed", v), null));
        set.put(prop("validation_split", "Validation split", Double.class, "Fraction of the training data held out for validation, in [0, 1)",
                () -> training().validationSplit(), v -> document.setTrainingField("validation_split", v), null));
        set.put(prop("early_stopping_patience", "Early stopping patience", Integer.class,
                "Stop when val_loss has not improved for this many epochs; 0 = never stop early",
                () -> (Integer) Settings.trainingValue(training(), "early_stopping_patience"), v -> document.setTrainingField("early_stopping_patience", v), null));
        set.put(prop("early_stopping_min_delta", "Early stopping min delta", Double.class, "The least improvement of val_loss that counts",
                () -> (Double) Settings.trainingValue(training(), "early_stopping_min_delta"), v -> document.setTrainingField("early_stopping_min_delta", v), null));
        set.put(prop("scheme", "Scheme", String.class, "supervised (targets from the data), autoencoder (the target is the input) or gan",
                () -> training().scheme(), v -> document.setTrainingField("scheme", v), TrainingConfig.SCHEMES));
        return set;
    }

    private Sheet.Set optimizerSet() {
        Sheet.Set set = set("optimizer", "Optimizer: " + training().optimizer().type());
        for (ParamSpec spec : Settings.optimizerParams(training())) {
            Class<?> type = switch (spec.kind()) {
                case BOOLEAN -> Boolean.class;
                case INT -> Integer.class;
                default -> Double.class;
            };
            set.put(prop("opt." + spec.name(), spec.name(), type, spec.description(),
                    () -> training().optimizer().params().getOrDefault(spec.name(), spec.defaultValue()),
                    v -> document.setOptimizerParam(spec.name(), v), null));
        }
        return set;
    }

    /** A data source: its reader type and every field the file gives it; files are chosen with a file chooser and stored relative to the project. */
    private Sheet.Set source(String part, String display) {
        Sheet.Set set = set(part, display);
        DataSource s = part.equals("train") ? data().train() : data().test();
        List<String> readers = DataSources.types();
        set.put(prop(part + ".type", "Reader", String.class, "The data reader: " + String.join(", ", readers),
                () -> s == null ? "" : s.type(), v -> document.setSourceField(part, "type", v), readers));
        Map<String, Object> fields = s == null ? Map.of("path", "") : s.fields();
        Set<String> files = s == null ? Set.of("path") : DataSources.pathFields(s.type());
        for (String field : fields.keySet().isEmpty() ? List.of("path") : List.copyOf(fields.keySet())) {
            Object value = fields.get(field);
            if (files.contains(field)) {
                set.put(prop(part + "." + field, field, File.class, "A file, relative to the project",
                        () -> s == null || s.fields().get(field) == null ? null : new File(String.valueOf(s.fields().get(field))),
                        v -> document.setSourceField(part, field, v == null ? null : DataFiles.relativePath(((File) v).toPath(), projectDir)), null));
            } else if (value instanceof Boolean) {
                set.put(prop(part + "." + field, field, Boolean.class, "", () -> s.fields().get(field), v -> document.setSourceField(part, field, v), null));
            } else {
                set.put(prop(part + "." + field, field, String.class, "Comma-separate a list; blank removes the field",
                        () -> text(s.fields().get(field)), v -> document.setSourceField(part, field, parse((String) v)), null));
            }
        }
        for (String optional : List.of("target", "features")) {
            if (s != null && "csv".equals(s.type()) && !fields.containsKey(optional)) {
                set.put(prop(part + "." + optional, optional, String.class, optional.equals("target") ? "The column to predict" : "Columns used as features; blank = every other column",
                        () -> "", v -> document.setSourceField(part, optional, parse((String) v)), null));
            }
        }
        return set;
    }

    private Sheet.Set preprocess() {
        Sheet.Set set = set("preprocess", "Preprocessing");
        Supplier<Preprocess> p = () -> data().preprocess() == null ? Preprocess.NONE : data().preprocess();
        set.put(prop("pre.scale", "Scale", Double.class, "Multiplies every feature (1/255 for 8-bit images); 0 = none",
                () -> p.get().scale() == null ? 0.0 : p.get().scale(), v -> document.setPreprocess("scale", v), null));
        set.put(prop("pre.standardize", "Standardize", Boolean.class, "Zero mean, unit variance per feature (training statistics)",
                () -> p.get().standardize(), v -> document.setPreprocess("standardize", v), null));
        set.put(prop("pre.one_hot", "One-hot classes", Integer.class, "Turns class indices into one-hot rows of this many classes; 0 = none",
                () -> p.get().oneHot() == null ? 0 : p.get().oneHot(), v -> document.setPreprocess("one_hot", v), null));
        return set;
    }


    private static String text(Object v) {
        return v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : v == null ? "" : String.valueOf(v);
    }

    /** Text typed into a field: a comma list becomes a list, integers and decimals numbers, the rest stays text. */
    private static Object parse(String text) {
        String t = text.trim();
        if (t.contains(",")) {
            return java.util.Arrays.stream(t.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
        if (t.matches("-?\\d+")) {
            return Integer.valueOf(t);
        }
        if (t.matches("-?\\d*\\.\\d+([eE]-?\\d+)?")) {
            return Double.valueOf(t);
        }
        return t.equals("true") || t.equals("false") ? Boolean.valueOf(t) : t;
    }

    private static Sheet.Set set(String name, String display) {
        Sheet.Set set = new Sheet.Set();
        set.setName(name);
        set.setDisplayName(display);
        return set;
    }

    /** A read-write property whose setter goes through the document; a refused value shows the engine's message. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PropertySupport.ReadWrite<Object> prop(String name, String display, Class<?> type, String description,
                                                          Supplier<Object> get, java.util.function.Consumer<Object> set, List<String> tags) {
        return new PropertySupport.ReadWrite<Object>(name, (Class) type, display, description) {
            @Override
            public Object getValue() {
                return get.get();
            }

            @Override
            public void setValue(Object value) throws InvocationTargetException {
                try {
                    set.accept(value);
                } catch (IllegalArgumentException | ClassCastException e) {
                    throw UserEdits.refused(e);
                }
            }

            @Override
            public java.beans.PropertyEditor getPropertyEditor() {
                return tags == null ? super.getPropertyEditor() : UserEdits.choices(tags);
            }
        };
    }
}
