package org.rational4j.coefficients;

/** What a {@link Fitter} minimises. */
public enum FitMode {
    /** The root-mean-square error on the grid (Levenberg-Marquardt, as the reference tables). */
    LEAST_SQUARES,
    /** The maximum error on the grid: Lawson's iteratively reweighted least squares on top of the
     * least-squares fit. */
    MINIMAX
}
