package org.layercanvas.engine.train;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.Tensor;

/** The optimizers of the catalogue, their parameters (Keras names and defaults) and their construction. */
public final class Optimizers {
    private static final Map<String, List<ParamSpec>> SPECS = new LinkedHashMap<>();

    static {
        ParamSpec lr01 = ParamSpec.floatParam("learning_rate", 0.01, 0.0, null, "Step size.");
        ParamSpec lr001 = ParamSpec.floatParam("learning_rate", 0.001, 0.0, null, "Step size.");
        SPECS.put("sgd", List.of(lr01,
                ParamSpec.floatParam("momentum", 0.0, 0.0, 1.0, "Velocity decay; 0 is plain gradient descent."),
                ParamSpec.boolParam("nesterov", false, "Use Nesterov momentum.")));
        SPECS.put("rmsprop", List.of(lr001,
                ParamSpec.floatParam("rho", 0.9, 0.0, 1.0, "Decay of the squared-gradient average."),
                ParamSpec.floatParam("epsilon", 1e-7, 0.0, null, "Added to the denominator for stability.")));
        SPECS.put("adam", List.of(lr001,
                ParamSpec.floatParam("beta_1", 0.9, 0.0, 1.0, "Decay of the first moment."),
                ParamSpec.floatParam("beta_2", 0.999, 0.0, 1.0, "Decay of the second moment."),
                ParamSpec.floatParam("epsilon", 1e-7, 0.0, null, "Added to the denominator for stability.")));
        SPECS.put("perceptron", List.of(ParamSpec.floatParam("learning_rate", 1.0, 0.0, null, "Rosenblatt's η.")));
        // every optimizer clips as Keras's do
        SPECS.replaceAll((type, specs) -> {
            List<ParamSpec> all = new java.util.ArrayList<>(specs);
            all.add(ParamSpec.floatParam("clipnorm", 0.0, 0.0, null,
                    "Scales each gradient tensor whose L2 norm exceeds this down to it; 0 for none."));
            all.add(ParamSpec.floatParam("clipvalue", 0.0, 0.0, null, "Limits each gradient value to [-clipvalue, clipvalue]; 0 for none."));
            return List.copyOf(all);
        });
    }

    private Optimizers() {
    }

    public static Map<String, List<ParamSpec>> specs() {
        return SPECS;
    }

    /** @throws IllegalArgumentException naming the optimizer and the bad or unknown field */
    public static Optimizer create(OptimizerConfig config) {
        List<ParamSpec> specs = SPECS.get(config.type());
        if (specs == null) {
            throw new IllegalArgumentException("unknown optimizer '" + config.type() + "' (known: " + String.join(", ", SPECS.keySet()) + ")");
        }
        Map<String, Object> v = new HashMap<>();
        for (String given : config.params().keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(given))) {
                throw new IllegalArgumentException("optimizer " + config.type() + " has no parameter '" + given + "'");
            }
        }
        for (ParamSpec s : specs) {
            try {
                v.put(s.name(), s.coerce(config.params().getOrDefault(s.name(), s.defaultValue())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("optimizer " + config.type() + ": " + e.getMessage(), e);
            }
        }
        float lr = ((Double) v.get("learning_rate")).floatValue();
        Stateful optimizer = switch (config.type()) {
            case "sgd" -> new Sgd(lr, ((Double) v.get("momentum")).floatValue(), (Boolean) v.get("nesterov"));
            case "rmsprop" -> new Rmsprop(lr, f(v, "rho"), f(v, "epsilon"));
            case "adam" -> new Adam(lr, f(v, "beta_1"), f(v, "beta_2"), f(v, "epsilon"));
            default -> new Perceptron(lr);
        };
        float clipnorm = f(v, "clipnorm"), clipvalue = f(v, "clipvalue");
        if (clipnorm > 0 && clipvalue > 0) {
            throw new IllegalArgumentException("optimizer " + config.type() + ": set clipnorm or clipvalue, not both (as in Keras)");
        }
        if (clipnorm > 0 || clipvalue > 0) {
            optimizer.clipping = new GradientClipping(clipnorm, clipvalue);
        }
        return optimizer;
    }

    private static float f(Map<String, Object> v, String name) {
        return ((Double) v.get(name)).floatValue();
    }

    /**
     * Optimizer state tensors, one set per parameter (named by {@link #slots}), allocated on first use;
     * and the gradient clipping every optimizer applies before its update.
     */
    private abstract static class Stateful implements Optimizer {
        private final Map<Parameter, Tensor[]> state = new HashMap<>();
        private final List<String> slots;
        final float lr;
        GradientClipping clipping;

        Stateful(float lr, String... slots) {
            this.lr = lr;
            this.slots = List.of(slots);
        }

        Tensor[] state(Backend b, Parameter p) {
            return state.computeIfAbsent(p, k -> {
                Tensor[] t = new Tensor[slots.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = b.allocate(p.size());
                }
                return t;
            });
        }

        @Override
        public final void step(Backend b, List<Parameter> params, int t, int batch) {
            if (clipping != null) {
                clipping.apply(b, params);
            }
            update(b, params, t, batch);
        }

        abstract void update(Backend b, List<Parameter> params, int t, int batch);

        @Override
        public List<StateTensor> state(Backend b, List<Parameter> params) {
            List<StateTensor> out = new java.util.ArrayList<>();
            for (Parameter p : params) {
                if (p.grad() != null && !slots.isEmpty()) {
                    Tensor[] t = state(b, p);
                    for (int i = 0; i < t.length; i++) {
                        out.add(new StateTensor(p, slots.get(i), t[i]));
                    }
                }
            }
            return out;
        }

        @Override
        public float learningRate() {
            return lr;
        }
    }

    private static final class Sgd extends Stateful {
        private final float momentum;
        private final boolean nesterov;

        Sgd(float lr, float momentum, boolean nesterov) {
            super(lr, momentum == 0 ? new String[0] : new String[] {"velocity"});
            this.momentum = momentum;
            this.nesterov = nesterov;
        }

        @Override
        void update(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    Tensor velocity = momentum == 0 ? null : state(b, p)[0];
                    b.sgdStep(p.value(), p.grad(), velocity, p.size(), lr, momentum, nesterov);
                }
            }
        }
    }

    private static final class Rmsprop extends Stateful {
        private final float rho, eps;

        Rmsprop(float lr, float rho, float eps) {
            super(lr, "mean_square");
            this.rho = rho;
            this.eps = eps;
        }

        @Override
        void update(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    b.rmspropStep(p.value(), p.grad(), state(b, p)[0], p.size(), lr, rho, eps);
                }
            }
        }
    }

    private static final class Adam extends Stateful {
        private final float beta1, beta2, eps;

        Adam(float lr, float beta1, float beta2, float eps) {
            super(lr, "m", "v");
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        @Override
        void update(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    Tensor[] mv = state(b, p);
                    b.adamStep(p.value(), p.grad(), mv[0], mv[1], p.size(), lr, beta1, beta2, eps, t);
                }
            }
        }
    }

    /**
     * Rosenblatt's rule for a sign unit trained with mse on targets ±1: Δw = η·Σ_mistakes t·x, no
     * change for correctly classified samples. With the sign's straight-through derivative, the mse
     * gradient is g = (2/N)·Σ(y−t)·x and y−t = −2t on a mistake, so the rule is a plain step of
     * η·N/4 along −g. {@link Trainer} checks the loss is mse with one output.
     */
    private static final class Perceptron extends Stateful {
        Perceptron(float lr) {
            super(lr);
        }

        @Override
        void update(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    b.sgdStep(p.value(), p.grad(), null, p.size(), lr * batch / 4f, 0f, false);
                }
            }
        }
    }
}
