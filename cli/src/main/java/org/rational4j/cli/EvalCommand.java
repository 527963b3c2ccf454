package org.rational4j.cli;

import org.rational4j.internal.Shapes;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Forward (and backward) of a checkpoint or built-in on a NumPy array. */
@Command(name = "eval", sortOptions = false,
        description = {"Evaluate a rational activation on a NumPy array, and its gradients with --grad.",
            "The values of X.npy (float32, float64 or float16; little-endian, C order) go in; y = R(x) is "
            + "written as .npy of the same dtype and shape.",
            "With --grad DY.npy also write dx (.npy, same dtype) and the coefficient gradients (JSON) for that "
            + "incoming gradient."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    Common common;
    @Mixin
    SafetensorsInput safetensors;

    @Parameters(index = "0", paramLabel = "ACTIVATION", description = "A checkpoint file (.json, or .safetensors "
            + "with --rational-version/--prefix) or a built-in name (see 'rational4j plot --list').")
    String activation;
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", description = "The input values.")
    Path input;
    @Option(names = {"-o", "--output"}, paramLabel = "Y.npy", description = "Where to write R(x) "
            + "(default: the input name with .out.npy).")
    Path output;
    @Option(names = "--grad", paramLabel = "DY.npy", description = "Incoming gradient dL/dy, same shape and dtype "
            + "as the input: also compute dx and the coefficient gradients.")
    Path grad;
    @Option(names = "--dx", paramLabel = "DX.npy", description = "Where to write dx (default: the output name "
            + "with .dx.npy).")
    Path dxPath;
    @Option(names = "--grads", paramLabel = "GRADS.json", description = "Where to write the coefficient "
            + "gradients (default: the output name with .grads.json).")
    Path gradsPath;
    @Option(names = "--layout", paramLabel = "last|first", description = "Where the channels are when the "
            + "activation has several groups: 'last' (channels-last [..., C], default) or 'first' ([N, C, ...]).")
    String layout = "last";
    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() {
        Main.initBackends();
        PrintWriter w = common.out();
        Sources.SafetensorsOptions st = safetensors.options();
        Sources.Loaded loaded = Sources.load(activation, st);
        Sources.checkSafetensorsOptionsUsed(st, Sources.isSafetensors(Path.of(activation)));
        Coefficients c = loaded.coefficients();
        RationalSpec rs = c.spec();
        // the heap must hold x and y (and dy and dx with --grad): checked before reading
        NpyArray x = NpyArray.read(input, grad != null ? 4 : 2);
        Shape shape = shapeOf(x.shape(), rs);
        NpyArray dy = null;
        if (grad != null) {
            dy = NpyArray.read(grad, 3);
            if (dy.dtype() != x.dtype()) {
                throw CliException.usage(grad + " is " + dy.dtypeName() + " but " + input + " is " + x.dtypeName()
                        + "; save both with the same dtype");
            }
            if (!Arrays.equals(dy.shape(), x.shape())) {
                throw CliException.usage(grad + " has shape " + dy.shapeString() + " but " + input + " has shape "
                        + x.shapeString() + "; dy must have the shape of x");
            }
        }
        RationalActivation act = RationalActivation.builder(c).backend(backendOption.name).build();
        Path out = output != null ? output : sibling(input, ".out.npy");
        int n = x.size();
        long t0 = System.nanoTime();
        NpyArray y;
        switch (x.dtype()) {
            case F32: {
                float[] r = new float[n];
                act.forward(x.floats(), 0, r, 0, shape);
                y = NpyArray.ofFloats(r, x.shape());
                break;
            }
            case F64: {
                double[] r = new double[n];
                act.forward(x.doubles(), 0, r, 0, shape);
                y = NpyArray.ofDoubles(r, x.shape());
                break;
            }
            default: {
                short[] r = new short[n];
                act.forward(x.halfBits(), 0, r, 0, shape, DType.F16);
                y = NpyArray.ofHalfBits(r, x.shape());
                break;
            }
        }
        long forwardNanos = System.nanoTime() - t0;
        Cancellation.check();
        y.write(out);
        w.printf(Locale.ROOT, "eval: %s (%s) on %s %s %s with backend %s: wrote %s (%.2f ms)%n", loaded.label(), rs,
                input, x.dtypeName(), x.shapeString(), act.backendName(), out, forwardNanos / 1e6);
        if (dy != null) {
            Gradients g = new Gradients(rs);
            NpyArray dx;
            switch (x.dtype()) {
                case F32: {
                    float[] r = new float[n];
                    act.backward(x.floats(), 0, dy.floats(), 0, r, 0, shape, g);
                    dx = NpyArray.ofFloats(r, x.shape());
                    break;
                }
                case F64: {
                    double[] r = new double[n];
                    act.backward(x.doubles(), 0, dy.doubles(), 0, r, 0, shape, g);
                    dx = NpyArray.ofDoubles(r, x.shape());
                    break;
                }
                default: {
                    short[] r = new short[n];
                    act.backward(x.halfBits(), 0, dy.halfBits(), 0, r, 0, shape, DType.F16, g);
                    dx = NpyArray.ofHalfBits(r, x.shape());
                    break;
                }
            }
            Path dxOut = dxPath != null ? dxPath : sibling(out, ".dx.npy");
            Path gOut = gradsPath != null ? gradsPath : sibling(out, ".grads.json");
            dx.write(dxOut);
            writeGradients(gOut, loaded, rs, g, shape);
            w.printf(Locale.ROOT, "       backward with %s: wrote %s and %s%n", grad, dxOut, gOut);
        }
        w.flush();
        return ExitCode.OK;
    }

    private Shape shapeOf(long[] dims, RationalSpec rs) {
        long n = Shapes.elements(dims);
        if (n == 0) {
            throw CliException.usage(input + " is empty (shape " + NpyArray.shapeString(dims) + ")");
        }
        if (rs.numeratorGroups() == 1 && rs.denominatorGroups() == 1) {
            return Shape.flat(n);
        }
        String l = layout.toLowerCase(Locale.ROOT);
        long channels;
        long inner;
        if (l.equals("last")) {
            channels = dims.length == 0 ? 1 : dims[dims.length - 1];
            inner = 1;
        } else if (l.equals("first")) {
            if (dims.length < 2) {
                throw CliException.usage("--layout first needs an array of shape [N, C, ...]; " + input + " has shape "
                        + NpyArray.shapeString(dims));
            }
            channels = dims[1];
            inner = 1;
            for (int i = 2; i < dims.length; i++) {
                inner *= dims[i];
            }
        } else {
            throw CliException.usage("--layout must be 'last' or 'first', got '" + layout + "'");
        }
        if (channels % rs.numeratorGroups() != 0 || channels % rs.denominatorGroups() != 0) {
            throw CliException.usage(input + " has " + channels + " channels (" + l + " axis of "
                    + NpyArray.shapeString(dims) + ") but the activation has " + rs.numeratorGroups() + "/"
                    + rs.denominatorGroups() + " groups, which must divide it; check --layout");
        }
        return Shape.of(n / (channels * inner), channels, inner);
    }

    static Path sibling(Path p, String suffix) {
        String name = p.getFileName().toString();
        if (name.endsWith(".npy")) {
            name = name.substring(0, name.length() - 4);
        }
        if (name.endsWith(".out")) {
            name = name.substring(0, name.length() - 4);
        }
        return p.resolveSibling(name + suffix);
    }

    private static void writeGradients(Path path, Sources.Loaded loaded, RationalSpec rs, Gradients g, Shape shape) {
        JsonObject o = new JsonObject();
        o.addProperty("activation", loaded.label());
        o.addProperty("version", rs.version().name());
        o.addProperty("numerator_degree", rs.numeratorDegree());
        o.addProperty("denominator_degree", rs.denominatorDegree());
        o.addProperty("numerator_groups", rs.numeratorGroups());
        o.addProperty("denominator_groups", rs.denominatorGroups());
        o.addProperty("shape", shape.toString());
        o.add("numerator", groups(g.numerator(), rs.numeratorGroups(), rs.numeratorLength()));
        o.add("denominator", groups(g.denominator(), rs.denominatorGroups(), rs.denominatorLength()));
        byte[] bytes = (new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(o) + "\n").getBytes(StandardCharsets.UTF_8);
        Files2.writeAtomically(path, out -> out.write(bytes));
    }

    private static JsonArray groups(double[] values, int groups, int len) {
        JsonArray all = new JsonArray();
        for (int gi = 0; gi < groups; gi++) {
            JsonArray one = new JsonArray();
            for (int i = 0; i < len; i++) {
                one.add(values[gi * len + i]);
            }
            all.add(one);
        }
        return all;
    }
}
