package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;
import org.rational4j.coefficients.Builtins;

class CommandsTest {
    static final String BUILTIN = "pau/A5_4/leaky_relu";

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static void assertOk(Cli r) {
        assertEquals(ExitCode.OK, r.code, r::toString);
    }

    static void assertFails(Cli r, int code, String... fragments) {
        assertEquals(code, r.code, r::toString);
        String line = r.errLine();
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "'" + f + "' not in: " + line);
        }
        assertTrue(!r.err.contains("\tat "), "no stack trace without --verbose");
    }

    static void assertPng(Path p, int minWidth) throws Exception {
        assertTrue(Files.size(p) > 1000, p + " is too small");
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img, p + " is not a readable image");
        assertTrue(img.getWidth() >= minWidth, p + " is " + img.getWidth() + " wide");
    }

    @Test
    void helpForEveryCommand() {
        for (String c : new String[] {"info", "fit", "plot", "train", "eval", "bench", "demo"}) {
            Cli r = Cli.run(c, "--help");
            assertOk(r);
            assertTrue(r.out.contains("Usage: rational4j " + c), r::toString);
        }
        Cli top = Cli.run("--help");
        assertOk(top);
        assertTrue(top.out.contains("Exit codes"));
    }

    @Test
    void usageErrorsAreOneLine() {
        assertFails(Cli.run(), ExitCode.USAGE, "a command is required");
        assertFails(Cli.run("nosuch"), ExitCode.USAGE, "nosuch");
        assertFails(Cli.run("train", "--epochs", "x"), ExitCode.USAGE, "--epochs", "rational4j train --help");
        assertFails(Cli.run("train", "--epochs", "0"), ExitCode.USAGE, "--epochs must be at least 1");
    }

    @Test
    void info() {
        Cli r = Cli.run("info");
        assertOk(r);
        assertTrue(r.out.contains("scalar"), r::toString);
        assertTrue(r.out.contains("Chosen"), r::toString);
        assertTrue(r.out.contains("features"), r::toString);
    }

    @Test
    void plotBuiltins() throws Exception {
        Path png = dir.resolve("p.png");
        Cli r = Cli.run("plot", BUILTIN, "pau/A5_4/tanh", "--targets", "-o", png.toString());
        assertOk(r);
        assertPng(png, 800);
        Cli list = Cli.run("plot", "--list");
        assertOk(list);
        assertTrue(list.out.contains(BUILTIN));
    }

    @Test
    void plotErrors() throws Exception {
        assertFails(Cli.run("plot", "no/such/builtin", "-o", dir.resolve("p.png").toString()), ExitCode.USAGE,
                "no/such/builtin");
        assertFails(Cli.run("plot", "-o", dir.resolve("p.png").toString()), ExitCode.USAGE, "at least one");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertFails(Cli.run("plot", BUILTIN, "-o", file.resolve("sub/p.png").toString()), ExitCode.IO,
                "cannot write");
        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"format\": \"rational4j-checkpoint\", \"numerator\": [1, 2,");
        assertFails(Cli.run("plot", corrupt.toString(), "-o", dir.resolve("q.png").toString()), ExitCode.USAGE,
                "corrupt.json");
        assertFails(Cli.run("plot", dir.resolve("missing.json").toString(), "-o", dir.resolve("q.png").toString()),
                ExitCode.IO, "missing.json");
    }

    @Test
    void fitWritesCheckpointAndPicture() throws Exception {
        Path ckpt = dir.resolve("tanh.json");
        Cli r = Cli.run("fit", "tanh", "--degrees", "3/2", "--interval=-3,3", "-o", ckpt.toString());
        assertOk(r);
        assertTrue(r.out.contains("max error"), r::toString);
        assertTrue(Files.exists(ckpt));
        assertPng(dir.resolve("tanh.png"), 800);
        // the checkpoint is usable by plot and eval
        assertOk(Cli.run("plot", ckpt.toString(), "-o", dir.resolve("again.png").toString()));
        Cli mm = Cli.run("fit", "tanh", "--degrees", "3/2", "--minimax", "-o", dir.resolve("mm.json").toString());
        assertOk(mm);
    }

    @Test
    void fitErrors() {
        String out = dir.resolve("f.json").toString();
        assertFails(Cli.run("fit", "nosuchfunction", "-o", out), ExitCode.USAGE, "unknown function 'nosuchfunction'");
        assertFails(Cli.run("fit", "tanh", "--degrees", "5", "-o", out), ExitCode.USAGE, "--degrees");
        assertFails(Cli.run("fit", "tanh", "--degrees", "17/4", "-o", out), ExitCode.USAGE, "17/4");
        assertFails(Cli.run("fit", "tanh", "--degrees", "5/0", "-o", out), ExitCode.USAGE, "5/0");
        assertFails(Cli.run("fit", "tanh", "--interval=3,-3", "-o", out), ExitCode.USAGE, "lower end 3",
                "below the upper end -3");
        assertFails(Cli.run("fit", "tanh", "--interval=1,1", "-o", out), ExitCode.USAGE, "lower end 1");
        assertFails(Cli.run("fit", "tanh", "--rational-version", "Q", "-o", out), ExitCode.USAGE, "--rational-version");
        assertFails(Cli.run("fit", "tanh", "--degrees", "2/1", "-o", "/proc/nope/f.json"), ExitCode.IO,
                "cannot write");
    }

    @Test
    void trainShort() throws Exception {
        Cli r = Cli.run("train", "--epochs", "2", "--samples", "256", "--width", "8", "-o", dir.toString());
        assertOk(r);
        assertTrue(r.out.contains("rational"), r::toString);
        assertTrue(r.out.contains("parameters"), r::toString);
        assertPng(dir.resolve("train-loss.png"), 800);
        assertPng(dir.resolve("train-activations.png"), 800);
        assertEquals(4, Files.readAllLines(dir.resolve("train-loss.csv")).size());
        // deterministic for a seed
        Cli again = Cli.run("train", "--epochs", "2", "--samples", "256", "--width", "8", "-o", dir.toString());
        assertEquals(table(r.out), table(again.out));
    }

    /** Version D trains with its seeded numerator noise: reproducible, and not the same run as B. */
    @Test
    void trainVersionDIsSeededAndNoisy() throws Exception {
        String[] d = {"train", "--epochs", "2", "--samples", "256", "--width", "8", "--init", "pau/D5_4/leaky_relu",
            "-o", dir.resolve("d").toString()};
        Cli r = Cli.run(d);
        assertOk(r);
        assertTrue(r.out.contains("D (5/4)"), r::toString);
        assertEquals(table(r.out), table(Cli.run(d).out), "a seed repeats a version D run");
        Cli b = Cli.run("train", "--epochs", "2", "--samples", "256", "--width", "8", "--init", "pau/B5_4/leaky_relu",
                "-o", dir.resolve("b").toString());
        assertOk(b);
        // the same coefficients as B, so only the noise can make the rational net's losses differ
        assertArrayEquals(org.rational4j.coefficients.Builtins.get("pau/B5_4/leaky_relu").coefficients().numerator(),
                org.rational4j.coefficients.Builtins.get("pau/D5_4/leaky_relu").coefficients().numerator());
        assertNotEquals(rationalRows(b.out), rationalRows(r.out));
    }

    private static String rationalRows(String out) {
        StringBuilder sb = new StringBuilder();
        for (String line : table(out).split("\n")) {
            String[] t = line.trim().split("\\s+"); // epoch, train, "/", test, then the baselines
            sb.append(t[1]).append(' ').append(t[3]).append('\n');
        }
        return sb.toString();
    }

    private static String table(String out) {
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.matches("\\s+\\d+\\s+\\d.*")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void evalF32F64F16() throws Exception {
        RationalActivation act = RationalActivation.of(Builtins.get(BUILTIN).coefficients());
        float[] xf = {-3f, -0.5f, 0f, 0.25f, 1f, 2.5f};
        Path x32 = dir.resolve("x32.npy");
        NpyArray.ofFloats(xf, 2, 3).write(x32);
        assertOk(Cli.run("eval", BUILTIN, "-i", x32.toString(), "-o", dir.resolve("y32.npy").toString()));
        NpyArray y32 = NpyArray.read(dir.resolve("y32.npy"));
        float[] want = new float[xf.length];
        act.forward(xf, want);
        assertArrayEquals(want, y32.floats());
        assertArrayEquals(new long[] {2, 3}, y32.shape());

        double[] xd = {-3, -0.5, 0, 0.25, 1, 2.5};
        Path x64 = dir.resolve("x64.npy");
        NpyArray.ofDoubles(xd, 6).write(x64);
        assertOk(Cli.run("eval", BUILTIN, "-i", x64.toString()));
        NpyArray y64 = NpyArray.read(dir.resolve("x64.out.npy"));
        double[] wantD = new double[xd.length];
        act.forward(xd, wantD);
        assertArrayEquals(wantD, y64.doubles());

        short[] xh = {0x3c00, (short) 0xc000, 0, 0x3800};
        Path x16 = dir.resolve("x16.npy");
        NpyArray.ofHalfBits(xh, 4).write(x16);
        assertOk(Cli.run("eval", BUILTIN, "-i", x16.toString(), "-o", dir.resolve("y16.npy").toString(),
                "--backend", "scalar"));
        short[] wantH = new short[xh.length];
        act.forward(xh, wantH, DType.F16);
        assertArrayEquals(wantH, NpyArray.read(dir.resolve("y16.npy")).halfBits());
    }

    @Test
    void evalGrad() throws Exception {
        RationalActivation act = RationalActivation.of(Builtins.get(BUILTIN).coefficients());
        float[] x = {-2f, -0.5f, 0.1f, 1f, 3f};
        float[] dy = {1f, -1f, 0.5f, 2f, 0.25f};
        NpyArray.ofFloats(x, 5).write(dir.resolve("x.npy"));
        NpyArray.ofFloats(dy, 5).write(dir.resolve("dy.npy"));
        Cli r = Cli.run("eval", BUILTIN, "-i", dir.resolve("x.npy").toString(), "-o", dir.resolve("y.npy").toString(),
                "--grad", dir.resolve("dy.npy").toString());
        assertOk(r);
        float[] dx = new float[5];
        Gradients g = new Gradients(act.spec());
        act.backward(x, dy, dx, g);
        assertArrayEquals(dx, NpyArray.read(dir.resolve("y.dx.npy")).floats());
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("y.grads.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals(g.numerator()[0], json.getAsJsonArray("numerator").get(0).getAsJsonArray().get(0).getAsDouble());
        assertEquals(g.denominator()[3], json.getAsJsonArray("denominator").get(0).getAsJsonArray().get(3).getAsDouble());
    }

    @Test
    void evalErrors() throws Exception {
        Path x = dir.resolve("x.npy");
        NpyArray.ofFloats(new float[] {1, 2, 3}, 3).write(x);
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertFails(Cli.run("eval", BUILTIN, "-i", bad.toString()), ExitCode.USAGE, "bad.npy", "magic");
        Path truncated = dir.resolve("truncated.npy");
        byte[] full = Files.readAllBytes(x);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 2));
        assertFails(Cli.run("eval", BUILTIN, "-i", truncated.toString()), ExitCode.USAGE, "truncated");
        Path dy = dir.resolve("dy.npy");
        NpyArray.ofFloats(new float[] {1, 2}, 2).write(dy);
        assertFails(Cli.run("eval", BUILTIN, "-i", x.toString(), "--grad", dy.toString()), ExitCode.USAGE,
                "shape (2,)", "shape (3,)");
        Path dy64 = dir.resolve("dy64.npy");
        NpyArray.ofDoubles(new double[] {1, 2, 3}, 3).write(dy64);
        assertFails(Cli.run("eval", BUILTIN, "-i", x.toString(), "--grad", dy64.toString()), ExitCode.USAGE,
                "float64", "float32");
        assertFails(Cli.run("eval", BUILTIN, "-i", dir.resolve("none.npy").toString()), ExitCode.IO, "none.npy");
        assertFails(Cli.run("eval", "nope", "-i", x.toString()), ExitCode.USAGE, "nope");
        assertFails(Cli.run("eval", BUILTIN, "-i", x.toString(), "--backend", "warp"), ExitCode.USAGE, "warp");
        assertFails(Cli.run("eval", BUILTIN), ExitCode.USAGE, "--input");
    }

    @Test
    void benchQuick() {
        Cli r = Cli.run("bench", "--quick", "--backends", "scalar", "--reps", "1");
        assertOk(r);
        assertTrue(r.out.contains("arraycopy"), r::toString);
        assertTrue(r.out.contains("forward"), r::toString);
        assertTrue(r.out.contains("backward"), r::toString);
        assertTrue(r.out.contains("bench/"), r::toString);
        assertFails(Cli.run("bench", "--sizes", "12X"), ExitCode.USAGE, "12X");
    }

    @Test
    void renamedOptions() throws Exception {
        Path ckpt = dir.resolve("b.json");
        assertOk(Cli.run("fit", "tanh", "--rational-version", "B", "--degrees", "3/2", "--output", ckpt.toString()));
        assertTrue(Files.readString(ckpt).contains("\"B\""), () -> "not version B: " + ckpt);
        // no alias that could be taken for the tool's version, no second spelling of the output
        assertFails(Cli.run("fit", "tanh", "--version", "B", "-o", ckpt.toString()), ExitCode.USAGE, "--version");
        assertFails(Cli.run("eval", BUILTIN, "--version", "A", "-i", "x.npy"), ExitCode.USAGE, "--version");
        assertFails(Cli.run("bench", "--quick", "--version", "A"), ExitCode.USAGE, "--version");
        assertFails(Cli.run("train", "--epochs", "1", "--out", dir.toString()), ExitCode.USAGE, "--out");
        assertFails(Cli.run("demo", "--out", dir.toString()), ExitCode.USAGE, "--out");
        Path trainDir = dir.resolve("t");
        assertOk(Cli.run("train", "--epochs", "1", "--samples", "128", "--width", "8", "--output", trainDir.toString()));
        assertPng(trainDir.resolve("train-loss.png"), 800);
    }

    /** Every target 'fit' knows can be plotted, alone or beside built-ins. */
    @Test
    void plotFunctions() throws Exception {
        Path png = dir.resolve("gelu.png");
        Cli one = Cli.run("plot", "gelu", "-o", png.toString());
        assertOk(one);
        assertPng(png, 800);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("plot", BUILTIN, "--targets"));
        args.addAll(org.rational4j.coefficients.Targets.names());
        args.addAll(java.util.List.of("-o", dir.resolve("all.png").toString()));
        Cli all = Cli.run(args.toArray(new String[0]));
        assertOk(all);
        int curves = 1 + org.rational4j.coefficients.Targets.names().size();
        assertTrue(all.out.contains("plot: " + curves + " curves"), all::toString);
        assertPng(dir.resolve("all.png"), 800);
        assertFails(Cli.run("plot", "nosuchfunction", "-o", png.toString()), ExitCode.USAGE, "'nosuchfunction' is "
                + "neither a file, a built-in nor a function", "gelu");
    }

    /** A file of the wrong kind as the coefficients is named for what it is and what was expected. */
    @Test
    void evalRecognisesFileKinds() throws Exception {
        Path x = dir.resolve("x.npy");
        NpyArray.ofFloats(new float[] {1, 2, 3}, 3).write(x);
        Cli npy = Cli.run("eval", x.toString(), "-i", x.toString());
        assertFails(npy, ExitCode.USAGE, "x.npy", "NumPy array", "checkpoint (.json)", ".safetensors");
        for (String name : new String[] {"coeffs.bin", "coeffs.safetensors", "coeffs"}) {
            Path other = dir.resolve(name);
            Files.write(other, "PK\u0003\u0004 not coefficients at all, but long enough".getBytes(StandardCharsets.UTF_8));
            Cli r = Cli.run("eval", other.toString(), "-i", x.toString());
            assertFails(r, ExitCode.USAGE, name, "neither a rational4j checkpoint", "nor a safetensors file");
            assertTrue(!r.err.contains("header too large"), r::toString);
            assertFails(Cli.run("plot", other.toString(), "-o", dir.resolve("p.png").toString()), ExitCode.USAGE,
                    "neither a rational4j checkpoint");
        }
        assertTrue(Files.notExists(dir.resolve("x.out.npy")));
        // a missing file is still an I/O error, whatever its name
        assertFails(Cli.run("eval", dir.resolve("gone.npy").toString(), "-i", x.toString()), ExitCode.IO, "gone.npy");
    }

    /** The loss axis is labelled at every decade from below the smallest loss to above the largest. */
    @Test
    void lossChartLabelsDecades() throws Exception {
        double[] train = {0.41, 0.08, 0.02, 0.009, 0.0061};
        double[] test = {0.43, 0.09, 0.025, 0.011, 0.0072};
        java.util.List<TrainCommand.ModelResult> results = java.util.List.of(
                new TrainCommand.ModelResult("rational", 8, 100, train, test, 1),
                new TrainCommand.ModelResult("ReLU", 9, 100, test, test, 1));
        org.knowm.xchart.XYChart c = TrainCommand.lossChart(results, 4);
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertEquals(1e-3, c.getStyler().getYAxisMin(), 1e-18);
        assertEquals(1.0, c.getStyler().getYAxisMax(), 0);
        Path png = dir.resolve("loss.png");
        Charts.savePng(png, c);
        assertPng(png, 800);
    }

    /** Throughput is on a log axis: backends far below copy are not squashed onto the x axis. */
    @Test
    void benchChartIsLogarithmic() {
        long[] ns = {4096, 65536};
        java.util.List<BenchCommand.Row> rows = java.util.List.of(
                new BenchCommand.Row(4096, "copy", "arraycopy", 1e-6, 40, 1),
                new BenchCommand.Row(65536, "copy", "arraycopy", 1e-5, 25, 1),
                new BenchCommand.Row(4096, "forward", "scalar", 1e-5, 0.9, 0.02),
                new BenchCommand.Row(65536, "forward", "scalar", 1e-4, 0.8, 0.03),
                new BenchCommand.Row(4096, "backward", "scalar", 1e-5, 0.3, 0.01),
                new BenchCommand.Row(65536, "backward", "scalar", 1e-4, 0.25, 0.01));
        org.knowm.xchart.XYChart c = BenchCommand.throughputChart(ns, java.util.List.of("scalar"), rows);
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertEquals(0.1, c.getStyler().getYAxisMin(), 1e-15);
        assertEquals(100, c.getStyler().getYAxisMax(), 1e-12);
    }
}
