package org.rational4j.coefficients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void erfAndErfcMatchHighPrecisionValues() throws Exception {
        int n = 0;
        double worst = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("erf-values.csv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                double x = Double.parseDouble(f[0]);
                double erf = Double.parseDouble(f[1]);
                double erfc = Double.parseDouble(f[2]);
                double e1 = rel(SpecialFunctions.erf(x), erf);
                double e2 = rel(SpecialFunctions.erfc(x), erfc);
                assertTrue(e1 <= 2e-15, "erf(" + x + ") = " + SpecialFunctions.erf(x) + ", want " + erf);
                if (erfc > 1e-300) {
                    assertTrue(e2 <= 2e-15, "erfc(" + x + ") = " + SpecialFunctions.erfc(x) + ", want " + erfc);
                    worst = Math.max(worst, e2);
                } else {
                    assertEquals(erfc, SpecialFunctions.erfc(x), 1e-316);
                }
                worst = Math.max(worst, e1);
                n++;
            }
        }
        assertTrue(n > 50);
        System.out.println("erf/erfc worst relative error " + worst + " over " + n + " points");
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY));
    }

    @Test
    void erfIsMonotoneAndOddOnADenseGrid() {
        double prev = -1;
        for (int i = -60000; i <= 60000; i++) {
            double x = i * 1e-4;
            double e = SpecialFunctions.erf(x);
            assertTrue(e >= prev, "erf not monotone at " + x);
            assertEquals(-e, SpecialFunctions.erf(-x), 0.0);
            assertEquals(1.0, e + SpecialFunctions.erfc(x), 1e-15);
            prev = e;
        }
    }

    private static double rel(double got, double want) {
        return want == 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
    }

    @Test
    void targetsHaveTheirDefiningValues() {
        assertTrue(Targets.names().containsAll(java.util.List.of("identity", "relu", "leaky_relu",
                "leaky_relu_0.1", "tanh", "sigmoid", "swish", "silu", "gelu", "gelu_tanh", "mish", "softplus",
                "elu", "hardswish", "erf")));
        assertEquals(-0.01, Targets.byName("leaky_relu").applyAsDouble(-1), 0);
        assertEquals(-0.1, Targets.byName("leaky_relu_0.1").applyAsDouble(-1), 0);
        assertEquals(0, Targets.byName("relu").applyAsDouble(-2), 0);
        // GELU(1) = Phi(1) = 0.841344746068542948...
        assertEquals(0.8413447460685429, Targets.byName("gelu").applyAsDouble(1), 2e-16);
        assertEquals(-0.15865525393145705, Targets.byName("gelu").applyAsDouble(-1), 3e-17);
        assertEquals(0.8411919906082768, Targets.byName("gelu_tanh").applyAsDouble(1), 2e-16);
        assertEquals(0.7310585786300049, Targets.byName("SWISH").applyAsDouble(1), 2e-16);
        assertEquals(Targets.byName("swish").applyAsDouble(-0.7), Targets.byName("silu").applyAsDouble(-0.7), 0);
        assertEquals(Math.log(2), Targets.byName("softplus").applyAsDouble(0), 1e-16);
        assertEquals(800.0, Targets.byName("softplus").applyAsDouble(800), 0);
        assertEquals(0.8650983882673103, Targets.byName("mish").applyAsDouble(1), 2e-16);
        assertEquals(Math.expm1(-1), Targets.byName("elu").applyAsDouble(-1), 0);
        assertEquals(2.0 / 3.0, Targets.byName("hardswish").applyAsDouble(1), 1e-16);
        assertEquals(4, Targets.byName("hardswish").applyAsDouble(4), 0);
        assertEquals(0, Targets.byName("hardswish").applyAsDouble(-3), 0);
        assertEquals(0.8427007929497149, Targets.byName("erf").applyAsDouble(1), 2e-16);
        assertEquals(0.5, Targets.byName("sigmoid").applyAsDouble(0), 0);
        assertEquals(Targets.byName("sigmoid").applyAsDouble(-800), 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Targets.byName("gleu"));
        assertTrue(e.getMessage().contains("gelu"));
    }
}
