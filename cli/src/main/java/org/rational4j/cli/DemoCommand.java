package org.rational4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** info, fit, plot, a short train and bench, with pictures in one folder. */
@Command(name = "demo", sortOptions = false,
        description = {"The tour, about a minute: info, fit, plot, train and bench, with the pictures in one "
            + "folder.",
            "The steps: 'info', a minimax fit of GELU, a plot comparing built-ins, a short 'train' (rational vs "
            + "ReLU vs GELU) and a quick 'bench'."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder for the pictures and files "
            + "(default: ${DEFAULT-VALUE}).")
    Path out = Path.of("rational4j-demo");
    @Option(names = "--epochs", description = "Epochs of the training run (default: ${DEFAULT-VALUE}).")
    int epochs = 20;
    @Option(names = "--bench-sizes", split = ",", paramLabel = "N", description = "Sizes for the bench step "
            + "(default: 4K,64K,1M,4M).")
    java.util.List<String> benchSizes = java.util.List.of("4K", "64K", "1M", "4M");

    @Override
    public Integer call() {
        PrintWriter w = common.out();
        long t0 = System.nanoTime();
        String o = out.toString();
        step(w, "1/5 info", new String[] {"info"});
        step(w, "2/5 fit", new String[] {"fit", "gelu", "--degrees", "5/4", "--interval=-4,4", "--minimax",
            "-o", out.resolve("fit-gelu-A5_4.json").toString()});
        step(w, "3/5 plot", new String[] {"plot", out.resolve("fit-gelu-A5_4.json").toString(), "pau/A5_4/gelu",
            "pau/A5_4/leaky_relu", "pau/A5_4/swish", "--interval=-4,4", "-o", out.resolve("plot.png").toString()});
        step(w, "4/5 train", new String[] {"train", "--epochs", Integer.toString(epochs), "-o", o});
        step(w, "5/5 bench", new String[] {"bench", "--sizes", String.join(",", benchSizes), "--reps", "5",
            "--png", out.resolve("bench.png").toString()});
        w.printf(java.util.Locale.ROOT, "%ndemo finished in %.1f s; pictures and files are in %s%n",
                (System.nanoTime() - t0) / 1e9, out.toAbsolutePath().normalize());
        w.flush();
        return ExitCode.OK;
    }

    private void step(PrintWriter w, String title, String[] args) {
        Cancellation.check();
        w.println();
        w.println("==== " + title + ": rational4j " + String.join(" ", args));
        w.flush();
        CommandLine parent = common.commandLine().getParent();
        CommandLine cl = Main.commandLine(parent.getOut(), parent.getErr());
        int code = cl.execute(args);
        if (code != ExitCode.OK) {
            throw new CliException(code, "demo step '" + title + "' failed (exit " + code + "); see the message above");
        }
    }
}
