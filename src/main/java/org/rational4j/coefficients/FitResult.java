package org.rational4j.coefficients;

import org.rational4j.Coefficients;

/**
 * The outcome of a fit. The errors are measured on the request's full grid.
 *
 * @param iterations Levenberg-Marquardt iterations over all starts (and Lawson steps)
 * @param millis     wall time of the fit
 */
public record FitResult(Coefficients coefficients, double maxError, double rmsError, int iterations, long millis) {
}
