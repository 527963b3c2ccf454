package org.rational4j.coefficients;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * The target functions that rational activations are fitted to, in f64. Names are matched
 * case-insensitively, with '-' read as '_'.
 *
 * <p>{@code gelu} is the exact (erf) GELU x Phi(x), as PyTorch's default
 * {@code torch.nn.functional.gelu} and as the reference tables were fitted (their version B, C and N
 * entries are 20% closer in RMS to the erf GELU than to the tanh approximation);
 * {@code gelu_tanh} is the tanh approximation. {@code geglu}, {@code swishglu} and
 * {@code erfc_softplus_2} are the functions KAT's tables fitted with those names: x gelu(x),
 * x swish(x) and erfc(softplus(x))^2.
 */
public final class Targets {
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double SQRT_TWO_OVER_PI = 0.7978845608028654;

    private static final Map<String, DoubleUnaryOperator> TARGETS = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        add("identity", x -> x, "x");
        add("relu", x -> x > 0 ? x : 0.0, "max(x, 0)");
        add("leaky_relu", x -> x >= 0 ? x : 0.01 * x, "x if x >= 0 else 0.01 x");
        add("leaky_relu_0.1", x -> x >= 0 ? x : 0.1 * x, "x if x >= 0 else 0.1 x");
        add("tanh", Math::tanh, "tanh(x)");
        add("sigmoid", Targets::sigmoid, "1 / (1 + exp(-x))");
        add("swish", Targets::swish, "x sigmoid(x) (= silu)");
        add("silu", Targets::swish, "x sigmoid(x) (= swish)");
        add("gelu", Targets::gelu, "x Phi(x) = x (1 + erf(x / sqrt 2)) / 2 (exact GELU)");
        add("gelu_tanh", Targets::geluTanh,
                "x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2 (tanh approximation)");
        add("mish", x -> x * Math.tanh(softplus(x)), "x tanh(softplus(x))");
        add("softplus", Targets::softplus, "log(1 + exp(x))");
        add("elu", x -> x > 0 ? x : Math.expm1(x), "x if x > 0 else exp(x) - 1 (alpha 1)");
        add("hardswish", x -> x * Math.min(Math.max(x + 3, 0), 6) / 6, "x relu6(x + 3) / 6");
        add("erf", SpecialFunctions::erf, "erf(x)");
        add("geglu", x -> x * gelu(x), "x gelu(x) (KAT's geglu)");
        add("swishglu", x -> x * swish(x), "x swish(x) (KAT's swishglu)");
        add("erfc_softplus_2", x -> {
            double e = SpecialFunctions.erfc(softplus(x));
            return e * e;
        }, "erfc(softplus(x))^2 (KAT's erfc_Softplus_2)");
    }

    private Targets() {
    }

    private static void add(String name, DoubleUnaryOperator f, String description) {
        TARGETS.put(name, f);
        DESCRIPTIONS.put(name, description);
    }

    /** The target called {@code name}. @throws IllegalArgumentException listing the known names */
    public static DoubleUnaryOperator byName(String name) {
        DoubleUnaryOperator f = TARGETS.get(canonical(name));
        if (f == null) {
            throw new IllegalArgumentException("unknown target function '" + name + "'; known: "
                    + String.join(", ", TARGETS.keySet()));
        }
        return f;
    }

    /** True when {@code name} is a known target. */
    public static boolean contains(String name) {
        return name != null && TARGETS.containsKey(canonical(name));
    }

    /** The canonical spelling of a target name (lower case, '_' for '-'); unknown names unchanged
     * apart from that. */
    public static String canonical(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** The formula of a target, for documentation. */
    public static String describe(String name) {
        byName(name);
        return DESCRIPTIONS.get(canonical(name));
    }

    /** All target names, in a stable order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(TARGETS.keySet()));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static double swish(double x) {
        return x * sigmoid(x);
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double gelu(double x) {
        // x Phi(x); for negative x through erfc to keep relative accuracy in the tail
        return x < 0 ? 0.5 * x * SpecialFunctions.erfc(-x * SQRT_HALF)
                : 0.5 * x * (1 + SpecialFunctions.erf(x * SQRT_HALF));
    }

    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
    }
}
