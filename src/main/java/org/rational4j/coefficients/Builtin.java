package org.rational4j.coefficients;

import java.util.Objects;
import org.rational4j.Coefficients;

/**
 * A built-in initialisation: coefficients, the function they approximate (a {@link Targets} name),
 * the interval it was fitted on, where the numbers come from and an optional note. A note that
 * starts with {@code "INACCURATE"} flags an entry whose coefficients are far from the target under
 * their version (KAT's B-fitted entries evaluated as version A).
 *
 * @param name        e.g. {@code pau/A5_4/leaky_relu}, {@code kat/gelu}, {@code kat/gelu@B}
 * @param coefficients one group each
 * @param target      the target function's name in {@link Targets}
 * @param lower       lower end of the fit interval
 * @param upper       upper end of the fit interval
 * @param source      where the coefficients come from
 * @param note        remarks, or the empty string
 */
public record Builtin(String name, Coefficients coefficients, String target, double lower, double upper,
        String source, String note) {

    public Builtin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(coefficients, "coefficients");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        note = note == null ? "" : note;
        if (!(lower < upper)) {
            throw new IllegalArgumentException(name + ": interval [" + lower + ", " + upper + "] is empty");
        }
    }

    /** Max and RMS error against the target on 100,000 points of [lower, upper). */
    public Evaluation.Errors errors() {
        return Evaluation.errors(coefficients, Targets.byName(target), lower, upper,
                Evaluation.REFERENCE_POINTS);
    }

    /** Max |R(x) - target(x)| on 100,000 points of [lower, upper). */
    public double maxError() {
        return errors().maxError();
    }

    /** RMS of R(x) - target(x) on 100,000 points of [lower, upper). */
    public double rmsError() {
        return errors().rmsError();
    }

    /** True when the note flags the entry as inaccurate under its version. */
    public boolean flaggedInaccurate() {
        return note.startsWith("INACCURATE");
    }
}
