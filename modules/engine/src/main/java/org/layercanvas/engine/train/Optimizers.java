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
        return switch (config.type()) {
            case "sgd" -> new Sgd(lr, ((Double) v.get("momentum")).floatValue(), (Boolean) v.get("nesterov"));
            case "rmsprop" -> new Rmsprop(lr, f(v, "rho"), f(v, "epsilon"));
            case "adam" -> new Adam(lr, f(v, "beta_1"), f(v, "beta_2"), f(v, "epsilon"));
            default -> new Perceptron(lr);
        };
    }

    private static float f(Map<String, Object> v, String name) {
        return ((Double) v.get(name)).floatValue();
    }

    /** Optimizer state tensors, one set per parameter, allocated on first use. */
    private abstract static class Stateful implements Optimizer {
        private final Map<Parameter, Tensor[]> state = new HashMap<>();
        final float lr;

        Stateful(float lr) {
            this.lr = lr;
        }

        Tensor[] state(Backend b, Parameter p, int count) {
            return state.computeIfAbsent(p, k -> {
                Tensor[] t = new Tensor[count];
                for (int i = 0; i < count; i++) {
                    t[i] = b.allocate(p.size());
                }
                return t;
            });
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
            super(lr);
            this.momentum = momentum;
            this.nesterov = nesterov;
        }

        @Override
        public void step(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    Tensor velocity = momentum == 0 ? null : state(b, p, 1)[0];
                    b.sgdStep(p.value(), p.grad(), velocity, p.size(), lr, momentum, nesterov);
                }
            }
        }
    }

    private static final class Rmsprop extends Stateful {
        private final float rho, eps;

        Rmsprop(float lr, float rho, float eps) {
            super(lr);
            this.rho = rho;
            this.eps = eps;
        }

        @Override
        public void step(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    b.rmspropStep(p.value(), p.grad(), state(b, p, 1)[0], p.size(), lr, rho, eps);
                }
            }
        }
    }

    private static final class Adam extends Stateful {
        private final float beta1, beta2, eps;

        Adam(float lr, float beta1, float beta2, float eps) {
            super(lr);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        @Override
        public void step(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    Tensor[] mv = state(b, p, 2);
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
        public void step(Backend b, List<Parameter> params, int t, int batch) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    b.sgdStep(p.value(), p.grad(), null, p.size(), lr * batch / 4f, 0f, false);
                }
            }
        }
    }
}
