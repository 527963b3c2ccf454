package org.rational4j.coefficients;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.SignAtZero;
import org.rational4j.Version;
import org.rational4j.coefficients.Safetensors.Candidate;
import org.rational4j.coefficients.Safetensors.Header;
import org.rational4j.coefficients.Safetensors.Layout;
import org.rational4j.coefficients.Safetensors.Tensor;
import org.rational4j.coefficients.Safetensors.TensorInfo;

/**
 * Rational-activation coefficients in safetensors files: finding the pairs of coefficient tensors
 * (PAU and KAT layouts), importing one as a {@link Checkpoint}, and exporting coefficients. The file
 * format itself (headers, tensors, dtypes) is {@link Safetensors}, which is the public entry point.
 */
final class SafetensorsCoefficients {
    private SafetensorsCoefficients() {
    }

    /** Every (prefix, layout) whose numerator and denominator tensors are both in the header. */
    static List<Candidate> candidates(Header h) {
        Set<String> names = h.tensors().stream().map(TensorInfo::name).collect(Collectors.toSet());
        List<Candidate> out = new ArrayList<>();
        for (TensorInfo t : h.tensors()) {
            for (Layout l : new Layout[] {Layout.KAT, Layout.PAU}) {
                if (t.name().endsWith(l.numeratorName())) {
                    String prefix = t.name().substring(0, t.name().length() - l.numeratorName().length());
                    boolean separated = prefix.isEmpty() || prefix.endsWith(".");
                    if (separated && names.contains(prefix + l.denominatorName())) {
                        out.add(new Candidate(prefix, l));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Imports the coefficients of one rational activation from a safetensors file.
     *
     * @param version the rational version (safetensors do not record it; KAT is version A)
     * @param prefix  the module prefix ("layers.0.act" or "layers.0.act."), or null to take the only
     *                pair of coefficient tensors in the file
     * @return a checkpoint with the coefficients, the numerator tensor's dtype, the prefix as name and
     *         the file's metadata
     * @throws CheckpointFormatException for a bad file, missing or ambiguous tensors, wrong shapes or
     *         non-finite coefficients
     */
    static Checkpoint importCoefficients(Path file, Version version, String prefix) throws IOException {
        Objects.requireNonNull(version, "version (safetensors do not record it; KAT is version A)");
        Header h = Safetensors.readHeader(file);
        List<Candidate> all = candidates(h);
        Candidate chosen;
        if (prefix == null) {
            if (all.isEmpty()) {
                throw new CheckpointFormatException(file, "no coefficient tensors: expected '[prefix]numerator' and "
                        + "'[prefix]denominator' or '[prefix]weight_numerator' and '[prefix]weight_denominator'; the file has: "
                        + h.tensors().stream().map(TensorInfo::name).collect(Collectors.joining(", ")));
            }
            if (all.size() > 1) {
                throw new CheckpointFormatException(file, "several rational activations in the file; choose a prefix, one of: "
                        + all.stream().map(c -> "'" + c.prefix() + "'").collect(Collectors.joining(", ")));
            }
            chosen = all.get(0);
        } else {
            String p = prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
            List<Candidate> hits = all.stream().filter(c -> c.prefix().equals(p)).collect(Collectors.toList());
            if (hits.size() != 1) {
                throw new CheckpointFormatException(file, (hits.isEmpty() ? "no coefficient tensors under prefix '" + p
                        + "'" : "both layouts under prefix '" + p + "'") + "; candidates: "
                        + (all.isEmpty() ? "none" : all.stream().map(c -> "'" + c.prefix() + "'")
                                .collect(Collectors.joining(", "))));
            }
            chosen = hits.get(0);
        }
        String recorded = h.metadata().get("rational4j.version");
        if (recorded != null && !recorded.equals(version.name())) {
            throw new CheckpointFormatException(file, "the file records rational4j.version " + recorded
                    + " but version " + version + " was asked for");
        }
        TensorInfo nt = h.tensor(chosen.numeratorTensor());
        TensorInfo dt = h.tensor(chosen.denominatorTensor());
        int[] ns = groupsAndLength(file, nt);
        int[] ds = groupsAndLength(file, dt);
        int m = ns[1] - 1;
        int n = version.denominatorDegree(ds[1]);
        RationalSpec spec;
        try {
            spec = RationalSpec.of(version, m, n).withGroups(ns[0], ds[0]);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, "tensors " + nt.name() + " " + nt.shapeString() + " and "
                    + dt.name() + " " + dt.shapeString() + " do not fit version " + version + ": " + e.getMessage());
        }
        String sz = h.metadata().get("rational4j.signAtZero");
        if ("0".equals(sz)) {
            spec = spec.withSignAtZero(SignAtZero.ZERO);
        }
        double[] num = Safetensors.readValues(h, nt);
        double[] den = Safetensors.readValues(h, dt);
        finite(file, nt.name(), num);
        finite(file, dt.name(), den);
        Map<String, String> md = new LinkedHashMap<>(h.metadata());
        md.put("safetensors.numerator", nt.name());
        md.put("safetensors.denominator", dt.name());
        String name = chosen.prefix().endsWith(".") ? chosen.prefix().substring(0, chosen.prefix().length() - 1)
                : chosen.prefix();
        return new Checkpoint(Coefficients.of(spec, num, den), Safetensors.floatDType(file, nt),
                name.isEmpty() ? null : name,
                null, Double.NaN, Double.NaN, md);
    }

    private static int[] groupsAndLength(Path file, TensorInfo t) throws CheckpointFormatException {
        long g;
        long len;
        if (t.shape().length == 1) {
            g = 1;
            len = t.shape()[0];
        } else if (t.shape().length == 2) {
            g = t.shape()[0];
            len = t.shape()[1];
        } else {
            throw new CheckpointFormatException(file, "tensor '" + t.name() + "' has shape " + t.shapeString()
                    + "; coefficients must be (L) or (groups, L)");
        }
        if (g < 1 || len < 1 || len > RationalSpec.MAX_DEGREE + 2 || g > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file, "tensor '" + t.name() + "' has shape " + t.shapeString()
                    + "; coefficients must be (L) or (groups, L) with 1 <= L <= " + (RationalSpec.MAX_DEGREE + 1)
                    + " (+1 for a version C denominator)");
        }
        return new int[] {(int) g, (int) len};
    }

    private static void finite(Path file, String name, double[] v) throws CheckpointFormatException {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new CheckpointFormatException(file, "tensor '" + name + "' element " + i + " is " + v[i]
                        + "; coefficients must be finite");
            }
        }
    }

    /**
     * Writes coefficients as a safetensors file in the given layout. Metadata records the version,
     * degrees and sign(0) ({@code rational4j.*}) besides {@code extra}.
     *
     * @param prefix module prefix ("" for none; "." is appended when missing)
     */
    static void exportCoefficients(Path file, Coefficients c, DType dtype, Layout layout, String prefix,
            Map<String, String> extra) throws IOException {
        Checkpoint.checkFinite(c);
        RationalSpec s = c.spec();
        String p = prefix == null || prefix.isEmpty() || prefix.endsWith(".") ? (prefix == null ? "" : prefix)
                : prefix + ".";
        long[] nshape = layout == Layout.PAU && s.numeratorGroups() == 1 ? new long[] {s.numeratorLength()}
                : new long[] {s.numeratorGroups(), s.numeratorLength()};
        long[] dshape = layout == Layout.PAU && s.denominatorGroups() == 1 ? new long[] {s.denominatorLength()}
                : new long[] {s.denominatorGroups(), s.denominatorLength()};
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        md.put("rational4j.version", s.version().name());
        md.put("rational4j.degrees", s.numeratorDegree() + "/" + s.denominatorDegree());
        md.put("rational4j.signAtZero", s.signAtZero() == SignAtZero.PLUS_ONE ? "+1" : "0");
        if (extra != null) {
            md.putAll(extra);
        }
        Safetensors.write(file, List.of(new Tensor(p + layout.numeratorName(), dtype, nshape, c.numerator()),
                new Tensor(p + layout.denominatorName(), dtype, dshape, c.denominator())), md);
    }
}
