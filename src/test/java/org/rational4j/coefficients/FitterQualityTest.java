package org.rational4j.coefficients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;

/**
 * The fitter against every entry of rational_activations' table, on the reference grid (100,000
 * points of [-3, 3)): our least-squares RMS at most 1.01 times the shipped RMS (plus 1e-15 for
 * the entries the table fits exactly), and, for leaky_relu, relu, gelu, tanh and sigmoid, our
 * minimax max error below the shipped max error. Prints the side-by-side table.
 */
class FitterQualityTest {
    static final Set<String> MINIMAX_FUNCTIONS = Set.of("leaky_relu", "relu", "gelu", "tanh", "sigmoid");

    @Test
    void fitterMatchesTheReferenceTables() {
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        table.append("| entry | shipped RMS | shipped max | ours LS RMS | ours LS max | RMS ratio | ours minimax max | max ratio | ms |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        long total = 0;
        for (ReferenceTables.Entry e : ReferenceTables.readResource(Builtins.PAU_TABLE)) {
            if (e.group().isEmpty()) {
                continue; // the top-level identity duplicates pau/A5_4/identity's coefficients and degrees
            }
            Coefficients shipped = e.coefficients(null);
            RationalSpec spec = shipped.spec();
            String target = Builtins.targetFor(e.function());
            DoubleUnaryOperator f = Targets.byName(target);
            Evaluation.Errors se = Evaluation.errors(shipped, f, -3, 3, Evaluation.REFERENCE_POINTS);
            FitResult ls = Fitter.fit(FitRequest.builder(target, spec).build());
            total += ls.millis();
            double ratio = ls.rmsError() / se.rmsError();
            if (!(ls.rmsError() <= 1.01 * se.rmsError() + 1e-15)) {
                failures.add(e.group() + ":" + e.function() + " RMS " + ls.rmsError() + " > 1.01 * " + se.rmsError());
            }
            String mm = "";
            String mr = "";
            if (MINIMAX_FUNCTIONS.contains(e.function())) {
                FitResult mx = Fitter.fit(FitRequest.builder(target, spec).mode(FitMode.MINIMAX).build());
                total += mx.millis();
                mm = String.format(Locale.ROOT, "%.3e", mx.maxError());
                mr = String.format(Locale.ROOT, "%.3f", mx.maxError() / se.maxError());
                if (!(mx.maxError() < se.maxError())) {
                    failures.add(e.group() + ":" + e.function() + " minimax max " + mx.maxError() + " >= shipped "
                            + se.maxError());
                }
            }
            table.append(String.format(Locale.ROOT, "| %s:%s | %.3e | %.3e | %.3e | %.3e | %s | %s | %s | %d |%n",
                    e.group().replace("Rational_version_", ""), e.function(), se.rmsError(), se.maxError(),
                    ls.rmsError(), ls.maxError(), se.rmsError() == 0 ? "-" : String.format(Locale.ROOT, "%.4f", ratio),
                    mm, mr, ls.millis()));
            System.out.print(table.substring(table.lastIndexOf("| " + e.group().replace("Rational_version_", ""))));
        }
        System.out.println(table);
        System.out.println("total fit time " + total + " ms");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
