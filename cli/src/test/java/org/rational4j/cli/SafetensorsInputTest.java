package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rational4j.cli.CommandsTest.assertFails;
import static org.rational4j.cli.CommandsTest.assertOk;
import static org.rational4j.cli.CommandsTest.assertPng;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;
import org.rational4j.coefficients.Builtins;
import org.rational4j.coefficients.Safetensors;

/** Checkpoint inputs in the safetensors format: eval, plot and train --init with --rational-version/--prefix. */
class SafetensorsInputTest {
    static final int GROUPS = 8;
    static final int ROWS = 3;
    static final int WIDTH = 16;

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A KAT-shaped version A 5/4 rational: one numerator (1, 6), eight denominators (8, 4). */
    static Coefficients katLike(double scale) {
        Coefficients base = Builtins.get("pau/A5_4/gelu").coefficients();
        double[] num = base.numerator().clone();
        double[] den = new double[GROUPS * 4];
        for (int g = 0; g < GROUPS; g++) {
            for (int k = 0; k < 4; k++) {
                den[g * 4 + k] = base.denominator()[k] * scale * (1 + 0.125 * g);
            }
        }
        return Coefficients.of(RationalSpec.of(Version.A, 5, 4).withGroups(1, GROUPS), num, den);
    }

    /** The coefficients as a float32 file holds them. */
    static Coefficients roundedToF32(Coefficients c) {
        double[] n = c.numerator();
        double[] d = c.denominator();
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) n[i];
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) d[i];
        }
        return Coefficients.of(c.spec(), n, d);
    }

    float[] input() throws Exception {
        float[] x = new float[ROWS * WIDTH];
        for (int i = 0; i < x.length; i++) {
            x[i] = -4f + 8f * i / (x.length - 1);
        }
        NpyArray.ofFloats(x, ROWS, WIDTH).write(dir.resolve("x.npy"));
        return x;
    }

    static float[] reference(Coefficients c, float[] x) {
        float[] y = new float[x.length];
        RationalActivation.of(c).forward(x, 0, y, 0, Shape.channelsLast(ROWS, WIDTH));
        return y;
    }

    float[] eval(String... args) {
        String[] all = Arrays.copyOf(new String[] {"eval"}, 1 + args.length + 4);
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"-i", dir.resolve("x.npy").toString(), "-o", dir.resolve("y.npy").toString()},
                0, all, 1 + args.length, 4);
        Cli r = Cli.run(all);
        assertOk(r);
        return NpyArray.read(dir.resolve("y.npy")).floats();
    }

    @Test
    void evalKatLayoutMatchesTheLibrary() throws Exception {
        float[] x = input();
        Coefficients c = katLike(1);
        Path st = dir.resolve("kat.safetensors");
        Safetensors.exportCoefficients(st, c, DType.F32, Safetensors.Layout.KAT, "", Map.of());
        float[] want = reference(roundedToF32(c), x);
        // the version from the file's rational4j metadata, or given
        assertArrayEquals(want, eval(st.toString()));
        assertArrayEquals(want, eval(st.toString(), "--rational-version", "A"));
        assertFails(Cli.run("eval", st.toString(), "--rational-version", "B", "-i", dir.resolve("x.npy").toString()),
                ExitCode.USAGE, "kat.safetensors", "rational4j.version A", "version B");

        // a file as KAT writes it: no rational4j metadata, so --rational-version is required
        Path raw = dir.resolve("raw.safetensors");
        Safetensors.write(raw, List.of(
                new Safetensors.Tensor("weight_numerator", DType.F32, new long[] {1, 6}, c.numerator()),
                new Safetensors.Tensor("weight_denominator", DType.F32, new long[] {GROUPS, 4}, c.denominator())),
                Map.of("format", "pt"));
        assertFails(Cli.run("eval", raw.toString(), "-i", dir.resolve("x.npy").toString()), ExitCode.USAGE,
                "raw.safetensors", "--rational-version");
        assertArrayEquals(want, eval(raw.toString(), "--rational-version", "A"));
        // a file without the .safetensors extension is recognised by its content
        Path noExt = dir.resolve("kat.bin");
        Files.copy(raw, noExt);
        assertArrayEquals(want, eval(noExt.toString(), "--rational-version", "A"));
    }

    @Test
    void ambiguousPrefix() throws Exception {
        float[] x = input();
        Coefficients c0 = katLike(1);
        Coefficients c1 = katLike(0.5);
        Path st = dir.resolve("model.safetensors");
        Safetensors.write(st, List.of(
                new Safetensors.Tensor("layers.0.act.weight_numerator", DType.F32, new long[] {1, 6}, c0.numerator()),
                new Safetensors.Tensor("layers.0.act.weight_denominator", DType.F32, new long[] {GROUPS, 4},
                        c0.denominator()),
                new Safetensors.Tensor("layers.1.act.weight_numerator", DType.F32, new long[] {1, 6}, c1.numerator()),
                new Safetensors.Tensor("layers.1.act.weight_denominator", DType.F32, new long[] {GROUPS, 4},
                        c1.denominator()),
                new Safetensors.Tensor("layers.1.fc.weight", DType.F32, new long[] {2, 2}, new double[] {1, 2, 3, 4})),
                Map.of("format", "pt"));
        assertFails(Cli.run("eval", st.toString(), "--rational-version", "A", "-i", dir.resolve("x.npy").toString()),
                ExitCode.USAGE, "model.safetensors", "2 rational activations", "--prefix", "layers.0.act",
                "layers.1.act");
        assertArrayEquals(reference(roundedToF32(c1), x), eval(st.toString(), "--rational-version", "A", "--prefix",
                "layers.1.act"));
        assertArrayEquals(reference(roundedToF32(c0), x), eval(st.toString(), "--rational-version", "A", "--prefix",
                "layers.0.act."));
        assertFails(Cli.run("eval", st.toString(), "--rational-version", "A", "--prefix", "layers.2.act", "-i",
                dir.resolve("x.npy").toString()), ExitCode.USAGE, "layers.2.act", "layers.0.act");
        // plot takes the same options
        Path png = dir.resolve("p.png");
        assertOk(Cli.run("plot", st.toString(), "--rational-version", "A", "--prefix", "layers.0.act", "pau/A5_4/gelu", "-o",
                png.toString()));
        assertPng(png, 800);
    }

    @Test
    void truncatedOrForeignFiles() throws Exception {
        input();
        Path st = dir.resolve("kat.safetensors");
        Safetensors.exportCoefficients(st, katLike(1), DType.F32, Safetensors.Layout.KAT, "", Map.of());
        byte[] full = Files.readAllBytes(st);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(full, full.length - 10));
        assertFails(Cli.run("eval", cut.toString(), "--rational-version", "A", "-i", dir.resolve("x.npy").toString()),
                ExitCode.USAGE, "cut.safetensors", "truncated");
        Files.write(cut, Arrays.copyOf(full, 5));
        assertFails(Cli.run("eval", cut.toString(), "-i", dir.resolve("x.npy").toString()), ExitCode.USAGE,
                "cut.safetensors", "truncated");
        Files.write(cut, Arrays.copyOf(full, 40));
        assertFails(Cli.run("plot", cut.toString(), "-o", dir.resolve("p.png").toString()), ExitCode.USAGE,
                "cut.safetensors", "truncated");
        assertTrue(Files.notExists(dir.resolve("p.png")));
        Path none = dir.resolve("none.safetensors");
        assertFails(Cli.run("eval", none.toString(), "--rational-version", "A", "-i", dir.resolve("x.npy").toString()),
                ExitCode.IO, "none.safetensors");
        Path other = dir.resolve("other.safetensors");
        Safetensors.write(other, List.of(new Safetensors.Tensor("fc.weight", DType.F32, new long[] {2},
                new double[] {1, 2})), Map.of());
        assertFails(Cli.run("eval", other.toString(), "--rational-version", "A", "-i", dir.resolve("x.npy").toString()),
                ExitCode.USAGE, "no rational coefficients", "fc.weight");
        // --rational-version/--prefix only make sense for safetensors inputs
        assertFails(Cli.run("eval", "pau/A5_4/gelu", "--prefix", "x", "-i", dir.resolve("x.npy").toString()),
                ExitCode.USAGE, "--prefix", ".safetensors");
        assertFails(Cli.run("eval", st.toString(), "--rational-version", "Q", "-i", dir.resolve("x.npy").toString()),
                ExitCode.USAGE, "--rational-version", "Q");
    }

    @Test
    void trainInitFromSafetensors() throws Exception {
        Path st = dir.resolve("kat.safetensors");
        Safetensors.exportCoefficients(st, katLike(1), DType.F32, Safetensors.Layout.KAT, "act", Map.of());
        Cli r = Cli.run("train", "--init", st.toString(), "--epochs", "1", "--samples", "128", "--width", "8", "-o",
                dir.toString());
        assertOk(r);
        assertTrue(r.out.contains("kat.safetensors:act"), r::toString);
        assertFails(Cli.run("train", "--init", st.toString(), "--width", "6", "--epochs", "1", "-o", dir.toString()),
                ExitCode.USAGE, "1/8 groups", "--width 6");
    }
}
