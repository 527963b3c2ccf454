package org.rational4j;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable f64 coefficients for a {@link RationalSpec}: numerator {@code [numeratorGroups][m + 1]}
 * and denominator {@code [denominatorGroups][nb]}, group-major, ascending powers. Denominator
 * coefficient {@code b[k]} multiplies x^(k+1) (version C: x^k).
 */
public final class Coefficients {
    private final RationalSpec spec;
    private final double[] numerator;
    private final double[] denominator;

    private Coefficients(RationalSpec spec, double[] numerator, double[] denominator) {
        this.spec = spec;
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /**
     * Coefficients for every group, group-major. Arrays of one group's length are accepted too and
     * repeated for every group. The arrays are copied.
     */
    public static Coefficients of(RationalSpec spec, double[] numerator, double[] denominator) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        return new Coefficients(spec,
                expand("numerator", numerator, spec.numeratorLength(), spec.numeratorGroups(), spec),
                expand("denominator", denominator, spec.denominatorLength(), spec.denominatorGroups(), spec));
    }

    private static double[] expand(String what, double[] values, int perGroup, int groups, RationalSpec spec) {
        if (values.length == perGroup) {
            double[] out = new double[perGroup * groups];
            for (int g = 0; g < groups; g++) {
                System.arraycopy(values, 0, out, g * perGroup, perGroup);
            }
            return out;
        }
        if (values.length == (long) perGroup * groups) {
            return values.clone();
        }
        throw new IllegalArgumentException(what + " has " + values.length + " coefficients; " + spec
                + " needs " + perGroup + " per group" + (groups > 1 ? " (or " + perGroup * groups
                        + " for all " + groups + " groups)" : ""));
    }

    public RationalSpec spec() {
        return spec;
    }

    /** A copy of all numerator coefficients, group-major. */
    public double[] numerator() {
        return numerator.clone();
    }

    /** A copy of all denominator coefficients, group-major. */
    public double[] denominator() {
        return denominator.clone();
    }

    /** A copy of one numerator group's coefficients a0..am. */
    public double[] numerator(int group) {
        int len = spec.numeratorLength();
        Objects.checkIndex(group, spec.numeratorGroups());
        return Arrays.copyOfRange(numerator, group * len, (group + 1) * len);
    }

    /** A copy of one denominator group's coefficients. */
    public double[] denominator(int group) {
        int len = spec.denominatorLength();
        Objects.checkIndex(group, spec.denominatorGroups());
        return Arrays.copyOfRange(denominator, group * len, (group + 1) * len);
    }

    /** The same coefficients under another spec of identical coefficient layout (for example the
     * other sign(0) convention). */
    public Coefficients withSpec(RationalSpec other) {
        return of(other, numerator, denominator);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coefficients && ((Coefficients) o).spec.equals(spec)
                && Arrays.equals(((Coefficients) o).numerator, numerator)
                && Arrays.equals(((Coefficients) o).denominator, denominator);
    }

    @Override
    public int hashCode() {
        return spec.hashCode() * 31 + Arrays.hashCode(numerator) * 7 + Arrays.hashCode(denominator);
    }

    @Override
    public String toString() {
        return spec + ": numerator " + Arrays.toString(numerator) + ", denominator "
                + Arrays.toString(denominator);
    }
}
