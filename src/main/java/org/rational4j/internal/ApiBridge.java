package org.rational4j.internal;

import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;

/**
 * Lets the JDK 22+ tensor API ({@code org.rational4j.foreign.RationalTensors}) run an activation
 * on operands that the public API of {@link RationalActivation} cannot name, with the same
 * parallel split and validation of groups and gradients. It holds only what those JDK 22 classes
 * need. Set by {@link RationalActivation}'s
 * static initializer. Internal.
 */
public abstract class ApiBridge {
    private static volatile ApiBridge instance;

    protected ApiBridge() {
    }

    public static void set(ApiBridge bridge) {
        instance = bridge;
    }

    public static ApiBridge get() {
        ApiBridge b = instance;
        if (b == null) {
            try {
                Class.forName(RationalActivation.class.getName(), true, ApiBridge.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = instance;
        }
        return b;
    }

    /**
     * Forward over a whole tensor whose operands the caller has validated (capacity, dtype).
     *
     * @param mayParallel false when the operands can only be touched by the calling thread
     */
    public abstract void forward(RationalActivation activation, DType dtype, Shape shape, Operand x,
            Operand y, boolean mayParallel);

    /** Backward over a whole tensor whose operands the caller has validated. */
    public abstract void backward(RationalActivation activation, DType dtype, Shape shape, Operand x,
            Operand dy, Operand dx, Gradients grads, boolean mayParallel);

    /**
     * The activation's plan after the checks its own calls make: the shape against the groups and,
     * unless {@code grads} is null, the gradients against the spec. For backends that a caller
     * drives directly on its own operands (the cuda backend on device tensors).
     */
    public abstract Plan checkedPlan(RationalActivation activation, Shape shape, Gradients grads);

    /** One backward call's body: adds its coefficient gradients into {@code numerator}, {@code denominator}. */
    @FunctionalInterface
    public interface GradientSink {
        void add(double[] numerator, double[] denominator);
    }

    /**
     * Runs {@code backward} holding {@code grads} (concurrent use is detected), into the arrays
     * the activation chooses: the gradients themselves, or for a version D training step a scratch
     * that is then added times the step's noise factors.
     */
    public abstract void addGradients(RationalActivation activation, Gradients grads, GradientSink backward);
}
