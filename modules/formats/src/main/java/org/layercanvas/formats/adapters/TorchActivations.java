package org.layercanvas.formats.adapters;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.python.PythonSources;
import org.layercanvas.formats.spi.PyTorchModule;

/** The activation functions in the PyTorch export: shared by Activation, Dense, Conv2D and the recurrent layers. */
final class TorchActivations {
    private TorchActivations() {
    }

    /** Defines one of {@link PythonSources#torchHelper}'s helpers in the module. */
    static void helper(PyTorchModule torch, String name) {
        torch.define(name, PythonSources.torchHelper(name));
    }

    /** f(expression) in PyTorch. */
    static String call(PyTorchModule torch, Activation f, String e) {
        return switch (f) {
            case LINEAR -> e;
            case STEP -> {
                helper(torch, "step");
                yield "step(" + e + ")";
            }
            case SIGN -> {
                helper(torch, "sign");
                yield "sign(" + e + ")";
            }
            case SIGMOID -> "torch.sigmoid(" + e + ")";
            case TANH -> "torch.tanh(" + e + ")";
            case RELU -> "torch.relu(" + e + ")";
            case LEAKY_RELU -> "F.leaky_relu(" + e + ", " + PythonNames.number(f.defaultAlpha()) + ")";
            case ELU -> "F.elu(" + e + ", " + PythonNames.number(f.defaultAlpha()) + ")";
            case ABS -> "torch.abs(" + e + ")";
            case SOFTPLUS -> "F.softplus(" + e + ")";
            case SOFTMAX -> "torch.softmax(" + e + ", dim=-1)";
            case LOG_SOFTMAX -> "torch.log_softmax(" + e + ", dim=-1)";
            case EXPONENTIAL -> "torch.exp(" + e + ")";
            case SELU -> "F.selu(" + e + ")";
            case GELU -> "F.gelu(" + e + ")";
            case SWISH -> "F.silu(" + e + ")";
            case SOFTSIGN -> "F.softsign(" + e + ")";
            case HARD_SIGMOID -> "F.hardsigmoid(" + e + ")";
        };
    }

    /** f as a module. */
    static String module(PyTorchModule torch, Activation f) {
        return switch (f) {
            case LINEAR -> "nn.Identity()";
            case SIGMOID -> "nn.Sigmoid()";
            case TANH -> "nn.Tanh()";
            case RELU -> "nn.ReLU()";
            case LEAKY_RELU -> "nn.LeakyReLU(" + PythonNames.number(f.defaultAlpha()) + ")";
            case ELU -> "nn.ELU(" + PythonNames.number(f.defaultAlpha()) + ")";
            case SOFTPLUS -> "nn.Softplus()";
            case SOFTMAX -> "nn.Softmax(dim=-1)";
            case LOG_SOFTMAX -> "nn.LogSoftmax(dim=-1)";
            case SELU -> "nn.SELU()";
            case GELU -> "nn.GELU()";
            case SWISH -> "nn.SiLU()";
            case SOFTSIGN -> "nn.Softsign()";
            case HARD_SIGMOID -> "nn.Hardsigmoid()";
            case ABS, EXPONENTIAL, STEP, SIGN -> {
                helper(torch, "Elementwise");
                String fn = switch (f) {
                    case ABS -> "torch.abs";
                    case EXPONENTIAL -> "torch.exp";
                    case STEP -> {
                        helper(torch, "step");
                        yield "step";
                    }
                    default -> {
                        helper(torch, "sign");
                        yield "sign";
                    }
                };
                yield "Elementwise(" + fn + ")";
            }
        };
    }
}
