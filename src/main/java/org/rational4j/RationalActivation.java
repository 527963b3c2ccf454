package org.rational4j;

import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import org.rational4j.internal.Accumulators;
import org.rational4j.internal.ApiBridge;
import org.rational4j.internal.Backend;
import org.rational4j.internal.Backends;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Parallel;
import org.rational4j.internal.Plan;
import org.rational4j.internal.ScalarKernels;

/**
 * A rational activation R(x) = P(x) / Q(x): a {@link RationalSpec}, its {@link Coefficients} and
 * the backend that runs it. Immutable and thread-safe: any number of threads may call forward and
 * backward at once (each backward call with its own {@link Gradients}).
 *
 * <p>Tensors are {@code [outer, channels, inner]} ({@link Shape}) and come as heap arrays with an
 * offset, as direct NIO buffers in native byte order (from their position, which is not moved), or
 * on JDK 22+ as {@code MemorySegment} tensors ({@code org.rational4j.foreign.RationalTensors}).
 * Every argument is checked before any computation; bad ones throw {@link NullPointerException},
 * {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} naming the argument.
 *
 * <p>Results are bit-identical across backends, thread counts and parallel thresholds
 * (docs/contract.md). {@code y} may be {@code x} (same array and offset: in place) and {@code dx}
 * may be {@code dy} or {@code x}; other overlaps are rejected for arrays and undefined for buffers.
 *
 * <p>Backward writes {@code dx} and <em>adds</em> the coefficient gradients into the caller's
 * {@link Gradients}, which must be for this activation's spec. A {@code Gradients} serves one
 * backward call at a time: a second call on it while one runs throws
 * {@link java.util.ConcurrentModificationException}.
 *
 * <p>Direct buffers are read at their position and limit once, when the call starts; moving them
 * from another thread during the call cannot make the call reach outside the buffer (docs/safety.md).
 */
public final class RationalActivation {
    /** Default of {@link Builder#parallelThreshold(long)}. */
    public static final long DEFAULT_PARALLEL_THRESHOLD = 1L << 20;

    /** Forward splits into pieces of a multiple of this many elements. */
    private static final long FORWARD_GRAIN = Accumulators.CHUNK;
    private static final long BLOCK = Accumulators.BLOCK;
    /** Bound on the f64 scratch of one parallel backward wave. */
    private static final long WAVE_SCRATCH_BYTES = 32L << 20;

    static {
        ApiBridge.set(new Bridge());
    }

    private final Coefficients coefficients;
    private final Plan plan;
    private final Backend backend;
    private final Executor executor;
    private final long parallelThreshold;
    private final int threads;
    /** A training step's noise factors of the numerator (version D), or null: no noise. */
    private final double[] noiseFactors;

    private RationalActivation(Coefficients coefficients, Backend backend, Executor executor,
            long parallelThreshold, int threads, double[] noiseFactors) {
        this.coefficients = coefficients;
        this.plan = new Plan(coefficients);
        this.backend = backend;
        this.executor = executor;
        this.parallelThreshold = parallelThreshold;
        this.threads = threads;
        this.noiseFactors = noiseFactors;
    }

    /** An activation on the default backend ({@code -Drational4j.backend}, default {@code auto}). */
    public static RationalActivation of(Coefficients coefficients) {
        return builder(coefficients).build();
    }

    public static Builder builder(Coefficients coefficients) {
        return new Builder(Objects.requireNonNull(coefficients, "coefficients"));
    }

    /** Options of a {@link RationalActivation}. */
    public static final class Builder {
        private final Coefficients coefficients;
        private String backendName;
        private Executor executor = ForkJoinPool.commonPool();
        private long parallelThreshold = DEFAULT_PARALLEL_THRESHOLD;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder(Coefficients coefficients) {
            this.coefficients = coefficients;
        }

        /**
         * "auto", "ffm", "jna", "vector" or "scalar". Resolved by {@link #build()}, which throws
         * {@link BackendUnavailableException} with the reason and the fix when it cannot run here.
         * Default: {@code -Drational4j.backend}, else auto.
         */
        public Builder backend(String name) {
            this.backendName = Objects.requireNonNull(name, "backend");
            return this;
        }

        /** Where large calls run their parallel pieces. Default {@link ForkJoinPool#commonPool()}. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Tensors of fewer elements than this run on the calling thread. 0: always split;
         * {@link Long#MAX_VALUE}: never. Default {@value RationalActivation#DEFAULT_PARALLEL_THRESHOLD}.
         */
        public Builder parallelThreshold(long elements) {
            if (elements < 0) {
                throw new IllegalArgumentException("parallelThreshold must be >= 0, got " + elements);
            }
            this.parallelThreshold = elements;
            return this;
        }

        /** Most parallel tasks of one call, the calling thread included (1: never split). Default: available processors. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @throws BackendUnavailableException if the backend cannot run in this JVM
         * @throws IllegalArgumentException for an unknown backend name
         */
        public RationalActivation build() {
            Backend b = backendName == null ? Backends.defaultBackend() : Backends.get(backendName);
            return new RationalActivation(coefficients, b, executor, parallelThreshold, threads, null);
        }
    }

    public RationalSpec spec() {
        return coefficients.spec();
    }

    /** The coefficients this activation evaluates (in a {@link #trainingStep} view: with the step's noise). */
    public Coefficients coefficients() {
        return coefficients;
    }

    /** "ffm", "jna", "vector", "scalar" or "auto". */
    public String backendName() {
        return backend.name();
    }

    /** One line about the backend (for native ones: tier and library). */
    public String backendDescription() {
        return backend.describe();
    }

    /** The same options (backend, executor, threshold, threads) with other coefficients (no training noise). */
    public RationalActivation withCoefficients(Coefficients newCoefficients) {
        Objects.requireNonNull(newCoefficients, "newCoefficients");
        return new RationalActivation(newCoefficients, backend, executor, parallelThreshold, threads, null);
    }

    /**
     * This version D activation as it runs in training step {@code step}, as the reference's training
     * mode does: forward and backward use the numerator coefficients times the step's noise factors
     * ({@link TrainingNoise#factors}, in f64, then rounded to the data type as any coefficients), and
     * backward adds the numerator gradients with respect to the coefficients <em>without</em> noise
     * (each contribution times its factor). Run a step's forward and backward on the same view.
     * Without a training step version D is exactly B. Results are bit-identical across backends.
     *
     * @throws IllegalArgumentException if this activation is not version D
     */
    public RationalActivation trainingStep(TrainingNoise noise, long step) {
        Objects.requireNonNull(noise, "noise");
        if (spec().version() != Version.D) {
            throw new IllegalArgumentException("training noise belongs to version D, but this activation is "
                    + spec() + "; build it from version D coefficients (coefficients.withSpec(...))");
        }
        double[] a = coefficients.numerator();
        double[] u = noise.factors(step, a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * u[i];
        }
        Coefficients noised = Coefficients.of(spec(), a, coefficients.denominator());
        return new RationalActivation(noised, backend, executor, parallelThreshold, threads, u);
    }

    /** Group 0's rational at {@code x} in f64, in the contract's operation order (for plots). */
    public double evaluate(double x) {
        RationalSpec s = spec();
        return ScalarKernels.forward(s.version().formula(), x, plan.numerator64, 0, s.numeratorDegree(),
                plan.denominator64, 0, s.denominatorDegree());
    }

    // ============================================================== float[], double[], short[]
    // Each overload names its element type; the checks and the dispatch are shared below.

    /** y = R(x) for the {@code shape.size()} elements of x from xOffset into y from yOffset. */
    public void forward(float[] x, int xOffset, float[] y, int yOffset, Shape shape) {
        forwardArrays(DType.F32, x, xOffset, y, yOffset, shape);
    }

    /** y = R(x) over whole arrays of equal length, one channel. */
    public void forward(float[] x, float[] y) {
        forwardFlat(DType.F32, x, y);
    }

    /** Writes dx and adds the coefficient gradients into {@code grads}. */
    public void backward(float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
            Shape shape, Gradients grads) {
        backwardArrays(DType.F32, x, xOffset, dy, dyOffset, dx, dxOffset, shape, grads);
    }

    /** Backward over whole arrays of equal length, one channel. */
    public void backward(float[] x, float[] dy, float[] dx, Gradients grads) {
        backwardFlat(DType.F32, x, dy, dx, grads);
    }

    public void forward(double[] x, int xOffset, double[] y, int yOffset, Shape shape) {
        forwardArrays(DType.F64, x, xOffset, y, yOffset, shape);
    }

    public void forward(double[] x, double[] y) {
        forwardFlat(DType.F64, x, y);
    }

    public void backward(double[] x, int xOffset, double[] dy, int dyOffset, double[] dx, int dxOffset,
            Shape shape, Gradients grads) {
        backwardArrays(DType.F64, x, xOffset, dy, dyOffset, dx, dxOffset, shape, grads);
    }

    public void backward(double[] x, double[] dy, double[] dx, Gradients grads) {
        backwardFlat(DType.F64, x, dy, dx, grads);
    }

    /** y = R(x) on bf16 or f16 bits ({@code halfType}), computed in f32. */
    public void forward(short[] x, int xOffset, short[] y, int yOffset, Shape shape, DType halfType) {
        forwardArrays(checkHalf(halfType), x, xOffset, y, yOffset, shape);
    }

    public void forward(short[] x, short[] y, DType halfType) {
        forwardFlat(checkHalf(halfType), x, y);
    }

    public void backward(short[] x, int xOffset, short[] dy, int dyOffset, short[] dx, int dxOffset,
            Shape shape, DType halfType, Gradients grads) {
        backwardArrays(checkHalf(halfType), x, xOffset, dy, dyOffset, dx, dxOffset, shape, grads);
    }

    public void backward(short[] x, short[] dy, short[] dx, DType halfType, Gradients grads) {
        backwardFlat(checkHalf(halfType), x, dy, dx, grads);
    }

    private void forwardArrays(DType dtype, Object x, int xOffset, Object y, int yOffset, Shape shape) {
        checkShape(shape);
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        checkRange("x", Array.getLength(x), "xOffset", xOffset, shape);
        checkRange("y", Array.getLength(y), "yOffset", yOffset, shape);
        checkOverlap(x, "x", xOffset, y, "y", yOffset, shape.size());
        run(dtype, shape, arrayOperand(x, xOffset), arrayOperand(y, yOffset), true);
    }

    private void forwardFlat(DType dtype, Object x, Object y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        int n = Array.getLength(x);
        checkSameLength("y", Array.getLength(y), "x", n);
        if (n > 0) {
            forwardArrays(dtype, x, 0, y, 0, Shape.flat(n));
        }
    }

    private void backwardArrays(DType dtype, Object x, int xOffset, Object dy, int dyOffset, Object dx,
            int dxOffset, Shape shape, Gradients grads) {
        checkShape(shape);
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(dy, "dy");
        Objects.requireNonNull(dx, "dx");
        checkGradients(grads);
        checkRange("x", Array.getLength(x), "xOffset", xOffset, shape);
        checkRange("dy", Array.getLength(dy), "dyOffset", dyOffset, shape);
        checkRange("dx", Array.getLength(dx), "dxOffset", dxOffset, shape);
        checkOverlap(x, "x", xOffset, dx, "dx", dxOffset, shape.size());
        checkOverlap(dy, "dy", dyOffset, dx, "dx", dxOffset, shape.size());
        runBackward(dtype, shape, arrayOperand(x, xOffset), arrayOperand(dy, dyOffset),
                arrayOperand(dx, dxOffset), grads, true);
    }

    private void backwardFlat(DType dtype, Object x, Object dy, Object dx, Gradients grads) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(dy, "dy");
        Objects.requireNonNull(dx, "dx");
        checkGradients(grads);
        int n = Array.getLength(x);
        checkSameLength("dy", Array.getLength(dy), "x", n);
        checkSameLength("dx", Array.getLength(dx), "x", n);
        if (n > 0) {
            backwardArrays(dtype, x, 0, dy, 0, dx, 0, Shape.flat(n), grads);
        }
    }

    /** The operand for a float[], double[] or short[] (the public overloads fix which). */
    private static Operand arrayOperand(Object array, int offset) {
        if (array instanceof float[]) {
            return new Operand.FloatArray((float[]) array, offset);
        }
        if (array instanceof double[]) {
            return new Operand.DoubleArray((double[]) array, offset);
        }
        return new Operand.ShortArray((short[]) array, offset);
    }

    // ============================================================== direct NIO buffers

    /** y = R(x) on direct native-order buffers from their positions (positions not moved). */
    public void forward(FloatBuffer x, FloatBuffer y, Shape shape) {
        checkShape(shape);
        Operand xo = direct("x", x, shape, false);
        Operand yo = direct("y", y, shape, true);
        checkOverlap(x, "x", y, "y", shape.size());
        run(DType.F32, shape, xo, yo, true);
    }

    public void forward(DoubleBuffer x, DoubleBuffer y, Shape shape) {
        checkShape(shape);
        Operand xo = direct("x", x, shape, false);
        Operand yo = direct("y", y, shape, true);
        checkOverlap(x, "x", y, "y", shape.size());
        run(DType.F64, shape, xo, yo, true);
    }

    public void forward(ShortBuffer x, ShortBuffer y, Shape shape, DType halfType) {
        checkShape(shape);
        checkHalf(halfType);
        Operand xo = direct("x", x, shape, false);
        Operand yo = direct("y", y, shape, true);
        checkOverlap(x, "x", y, "y", shape.size());
        run(halfType, shape, xo, yo, true);
    }

    public void backward(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, Shape shape, Gradients grads) {
        backwardDirect(DType.F32, x, dy, dx, shape, grads);
    }

    public void backward(DoubleBuffer x, DoubleBuffer dy, DoubleBuffer dx, Shape shape, Gradients grads) {
        backwardDirect(DType.F64, x, dy, dx, shape, grads);
    }

    public void backward(ShortBuffer x, ShortBuffer dy, ShortBuffer dx, Shape shape, DType halfType,
            Gradients grads) {
        checkShape(shape);
        checkHalf(halfType);
        backwardDirect(halfType, x, dy, dx, shape, grads);
    }

    private void backwardDirect(DType dtype, Buffer x, Buffer dy, Buffer dx, Shape shape, Gradients grads) {
        checkShape(shape);
        Operand xo = direct("x", x, shape, false);
        Operand dyo = direct("dy", dy, shape, false);
        Operand dxo = direct("dx", dx, shape, true);
        checkGradients(grads);
        checkOverlap(x, "x", dx, "dx", shape.size());
        checkOverlap(dy, "dy", dx, "dx", shape.size());
        runBackward(dtype, shape, xo, dyo, dxo, grads, true);
    }

    // ============================================================== validation

    private void checkShape(Shape shape) {
        Objects.requireNonNull(shape, "shape");
        spec().checkChannels(shape);
    }

    private void checkGradients(Gradients grads) {
        Objects.requireNonNull(grads, "grads");
        if (!grads.spec().equals(spec())) {
            throw new IllegalArgumentException("grads are for " + grads.spec() + " but this activation is "
                    + spec() + "; use new Gradients(activation.spec())");
        }
    }

    private static DType checkHalf(DType halfType) {
        Objects.requireNonNull(halfType, "halfType");
        if (halfType != DType.BF16 && halfType != DType.F16) {
            throw new IllegalArgumentException("halfType must be BF16 or F16 for short data, got " + halfType
                    + "; use the float[]/double[] overloads for " + halfType);
        }
        return halfType;
    }

    private static void checkSameLength(String name, int length, String otherName, int otherLength) {
        if (length != otherLength) {
            throw new IllegalArgumentException(name + ".length " + length + " differs from " + otherName
                    + ".length " + otherLength + "; the flat overloads take arrays of equal length");
        }
    }

    private static void checkRange(String name, int length, String offsetName, int offset, Shape shape) {
        if (offset < 0) {
            throw new IndexOutOfBoundsException(offsetName + " must be >= 0, got " + offset);
        }
        if (offset > length) {
            throw new IndexOutOfBoundsException(offsetName + " " + offset + " is past the end of " + name
                    + " (length " + length + ")");
        }
        if (shape.size() > length - offset) {
            throw new IndexOutOfBoundsException(name + " has " + (length - offset) + " elements from "
                    + offsetName + " " + offset + " but shape " + shape + " needs " + shape.size()
                    + "; pass a larger array or a smaller shape");
        }
    }

    private static void checkOverlap(Object a, String aName, int aOffset, Object b, String bName, int bOffset,
            long size) {
        if (a == b && aOffset != bOffset && Math.abs((long) aOffset - bOffset) < size) {
            throw new IllegalArgumentException(bName + " [" + bOffset + ", " + (bOffset + size) + ") overlaps "
                    + aName + " [" + aOffset + ", " + (aOffset + size) + ") in the same array; use the same offset"
                    + " (in place) or disjoint ranges");
        }
    }

    private static void checkOverlap(Buffer a, String aName, Buffer b, String bName, long size) {
        if (a == b) {
            return; // same buffer object: same position, in place
        }
        // views of one buffer cannot be compared from Java 17; in-place is the same object
    }

    private static Operand direct(String name, Buffer b, Shape shape, boolean output) {
        Objects.requireNonNull(b, name);
        String kind = b instanceof FloatBuffer ? "asFloatBuffer()"
                : b instanceof DoubleBuffer ? "asDoubleBuffer()" : "asShortBuffer()";
        if (!b.isDirect()) {
            throw new IllegalArgumentException(name + " is a heap buffer; the buffer overloads take direct buffers:"
                    + " use ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder())." + kind
                    + ", or the array overloads for heap data");
        }
        ByteOrder order = Operand.Direct.order(b);
        if (order != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException(name + " is in " + order + " byte order but this platform is "
                    + ByteOrder.nativeOrder() + "; call .order(ByteOrder.nativeOrder()) on the ByteBuffer before "
                    + kind);
        }
        if (output && b.isReadOnly()) {
            throw new IllegalArgumentException(name + " is a read-only buffer; pass a writable one");
        }
        // Position and limit are read once: the check and every later access use this snapshot, so
        // another thread moving them during the call cannot send native code past the buffer.
        int position = b.position();
        int limit = b.limit();
        long remaining = (long) limit - position;
        if (remaining < shape.size()) {
            throw new IndexOutOfBoundsException(name + " has " + Math.max(0, remaining) + " elements from position "
                    + position + " to limit " + limit + " but shape " + shape + " needs " + shape.size()
                    + "; pass a larger buffer or a smaller shape");
        }
        return new Operand.Direct(b, position, (int) shape.size());
    }

    // ============================================================== execution

    private int tasksFor(long size, long grain, boolean mayParallel) {
        if (!mayParallel || threads <= 1 || size < parallelThreshold) {
            return 1;
        }
        long pieces = (size + grain - 1) / grain;
        return (int) Math.min(threads, pieces);
    }

    private void run(DType dtype, Shape shape, Operand x, Operand y, boolean mayParallel) {
        long size = shape.size();
        int tasks = tasksFor(size, FORWARD_GRAIN, mayParallel);
        if (tasks <= 1) {
            backend.forSize(size, false).forward(plan, dtype, shape, x, y, 0, size);
            return;
        }
        long grains = (size + FORWARD_GRAIN - 1) / FORWARD_GRAIN;
        int pieces = (int) Math.min(grains, tasks * 4L);
        Parallel.run(executor, tasks, pieces, i -> {
            long from = grains * i / pieces * FORWARD_GRAIN;
            long to = Math.min(size, grains * (i + 1) / pieces * FORWARD_GRAIN);
            backend.forward(plan, dtype, shape, x, y, from, to);
        });
    }

    private void runBackward(DType dtype, Shape shape, Operand x, Operand dy, Operand dx, Gradients grads,
            boolean mayParallel) {
        addGradients(grads, (gn, gd) -> runBackward0(dtype, shape, x, dy, dx, gn, gd, mayParallel));
    }

    /**
     * Holds {@code grads} while {@code backward} adds one call's coefficient gradients into the arrays
     * it is given. In a training step the numerator part goes to zeroed scratch first and is then
     * added times the noise factors, G = G + u * P (the chain rule through a' = a * u).
     */
    private void addGradients(Gradients grads, ApiBridge.GradientSink backward) {
        grads.acquire("backward");
        try {
            double[] gn = grads.numerator();
            if (noiseFactors == null) {
                backward.add(gn, grads.denominator());
                return;
            }
            double[] partial = new double[gn.length];
            backward.add(partial, grads.denominator());
            for (int i = 0; i < gn.length; i++) {
                gn[i] = gn[i] + noiseFactors[i] * partial[i];
            }
        } finally {
            grads.release();
        }
    }

    private void runBackward0(DType dtype, Shape shape, Operand x, Operand dy, Operand dx, double[] gn,
            double[] gd, boolean mayParallel) {
        long size = shape.size();
        int tasks = tasksFor(size, BLOCK, mayParallel);
        if (tasks <= 1) {
            backend.forSize(size, true).backward(plan, dtype, shape, x, dy, dx, 0, size, gn, gd);
            return;
        }
        // Each block into its own zeroed scratch, then G = G + P_block in block order: the bits of
        // one call over the whole range (docs/contract.md section 4).
        long blocks = (size + BLOCK - 1) / BLOCK;
        long slotBytes = 8L * (gn.length + gd.length);
        int wave = (int) Math.max(tasks, Math.min(Math.min(blocks, 1024), WAVE_SCRATCH_BYTES / slotBytes));
        double[][] sn = new double[wave][gn.length];
        double[][] sd = new double[wave][gd.length];
        for (long first = 0; first < blocks; first += wave) {
            long waveStart = first;
            int count = (int) Math.min(wave, blocks - first);
            Parallel.run(executor, tasks, count, i -> {
                long from = (waveStart + i) * BLOCK;
                long to = Math.min(size, from + BLOCK);
                java.util.Arrays.fill(sn[i], 0.0);
                java.util.Arrays.fill(sd[i], 0.0);
                backend.backward(plan, dtype, shape, x, dy, dx, from, to, sn[i], sd[i]);
            });
            for (int i = 0; i < count; i++) {
                for (int s = 0; s < gn.length; s++) {
                    gn[s] = gn[s] + sn[i][s];
                }
                for (int s = 0; s < gd.length; s++) {
                    gd[s] = gd[s] + sd[i][s];
                }
            }
        }
    }

    /**
     * The same activation on another backend instance (for tests in this package that count
     * backend calls); not API.
     */
    RationalActivation withBackend(Backend other) {
        return new RationalActivation(coefficients, Objects.requireNonNull(other, "backend"), executor,
                parallelThreshold, threads, noiseFactors);
    }

    private static final class Bridge extends ApiBridge {
        @Override
        public void forward(RationalActivation activation, DType dtype, Shape shape, Operand x, Operand y,
                boolean mayParallel) {
            activation.checkShape(shape);
            activation.run(dtype, shape, x, y, mayParallel);
        }

        @Override
        public void backward(RationalActivation activation, DType dtype, Shape shape, Operand x, Operand dy,
                Operand dx, Gradients grads, boolean mayParallel) {
            activation.checkShape(shape);
            activation.checkGradients(grads);
            activation.runBackward(dtype, shape, x, dy, dx, grads, mayParallel);
        }

        @Override
        public Plan checkedPlan(RationalActivation activation, Shape shape, Gradients grads) {
            activation.checkShape(shape);
            if (grads != null) {
                activation.checkGradients(grads);
            }
            return activation.plan;
        }

        @Override
        public void addGradients(RationalActivation activation, Gradients grads, GradientSink backward) {
            activation.addGradients(grads, backward);
        }
    }

    @Override
    public String toString() {
        return "RationalActivation[" + spec() + ", backend " + backend.name()
                + (noiseFactors == null ? "" : ", training step with noise") + "]";
    }
}
