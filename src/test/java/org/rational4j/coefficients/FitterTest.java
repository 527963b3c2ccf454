package org.rational4j.coefficients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rational4j.RationalSpec;
import org.rational4j.Version;

class FitterTest {

    @Test
    void fitsAreDeterministicAndFast() {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4);
        // warm up the JIT once, then time
        Fitter.fit(FitRequest.builder("leaky_relu", spec).build());
        FitResult a = Fitter.fit(FitRequest.builder("leaky_relu", spec).build());
        FitResult b = Fitter.fit(FitRequest.builder("leaky_relu", spec).build());
        assertEquals(a.coefficients(), b.coefficients());
        assertEquals(a.rmsError(), b.rmsError(), 0);
        System.out.println("A5/4 leaky_relu fit: " + a.millis() + " ms, " + a.iterations() + " iterations");
        // well under a second on an idle core; generous here because the build machine is shared
        assertTrue(a.millis() < 3000, a.millis() + " ms");
        assertTrue(a.rmsError() < 5.1e-3, "rms " + a.rmsError());
        assertTrue(a.rmsError() <= a.maxError());
        FitResult other = Fitter.fit(FitRequest.builder("leaky_relu", spec).seed(99).build());
        assertTrue(other.rmsError() < 5.1e-3);
    }

    @Test
    void fitsFunctionsTheTablesDoNotHave() {
        Object[][] cases = {
            // target, version, m, n, RMS bound, max bound
            {"mish", Version.A, 5, 4, 1e-4, 1e-3},
            {"softplus", Version.A, 5, 4, 1e-4, 1e-3},
            {"elu", Version.A, 5, 4, 1e-3, 1e-2},
            {"hardswish", Version.A, 5, 4, 1e-2, 5e-2},
            {"gelu", Version.A, 5, 4, 1e-3, 5e-3},
            {"gelu_tanh", Version.B, 5, 4, 1e-3, 5e-3},
            {"erf", Version.N, 5, 4, 1e-3, 1e-2},
            {"sigmoid", Version.N, 3, 2, 1e-2, 5e-2},
            {"tanh", Version.C, 4, 4, 1e-3, 1e-2},
        };
        for (Object[] c : cases) {
            RationalSpec spec = RationalSpec.of((Version) c[1], (int) c[2], (int) c[3]);
            FitResult ls = Fitter.fit(FitRequest.builder((String) c[0], spec).build());
            FitResult mm = Fitter.fit(FitRequest.builder((String) c[0], spec).mode(FitMode.MINIMAX).build());
            System.out.printf(Locale.ROOT, "%-10s %s%d/%d  LS rms %.3e max %.3e (%d ms)  minimax max %.3e (%d ms)%n",
                    c[0], c[1], c[2], c[3], ls.rmsError(), ls.maxError(), ls.millis(), mm.maxError(), mm.millis());
            assertTrue(ls.rmsError() < (double) c[4], c[0] + " rms " + ls.rmsError());
            assertTrue(ls.maxError() < (double) c[5], c[0] + " max " + ls.maxError());
            assertTrue(mm.maxError() <= ls.maxError(), c[0] + " minimax " + mm.maxError() + " > LS " + ls.maxError());
        }
    }

    @Test
    void otherIntervalsAndGridSizes() {
        FitResult r = Fitter.fit(FitRequest.builder("relu", RationalSpec.of(Version.N, 3, 2)).interval(-1, 1)
                .points(5000).build());
        // Boulle et al.'s (3,2) ReLU init has max error 0.0219 on [-1, 1]; a fit does better in RMS
        assertTrue(r.rmsError() < Builtins.get("boulle/N3_2/relu").rmsError(), "rms " + r.rmsError());
        FitResult id = Fitter.fit(FitRequest.builder("identity", RationalSpec.of(Version.A, 3, 2)).build());
        assertEquals(0, id.rmsError(), 1e-15);
        FitResult custom = Fitter.fit(FitRequest.builder(x -> Math.sin(x), RationalSpec.of(Version.B, 5, 4)).build());
        // version D fits as B and stays D
        FitResult d = Fitter.fit(FitRequest.builder(x -> Math.sin(x), RationalSpec.of(Version.D, 5, 4)).build());
        assertEquals(Version.D, d.coefficients().spec().version());
        assertEquals(custom.coefficients().withSpec(RationalSpec.of(Version.D, 5, 4)), d.coefficients());
        assertTrue(custom.rmsError() < 1e-4, "sin rms " + custom.rmsError());
        assertThrows(IllegalArgumentException.class,
                () -> FitRequest.builder("relu", RationalSpec.of(Version.A, 5, 4)).interval(1, -1).build());
        assertThrows(IllegalArgumentException.class,
                () -> FitRequest.builder("relu", RationalSpec.of(Version.A, 5, 4).withGroups(1, 8)).build());
        assertThrows(IllegalArgumentException.class, () -> FitRequest.builder("nope", RationalSpec.of(Version.A, 5, 4)));
    }
}
