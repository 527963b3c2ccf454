import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the kernel templates ({@code *.java.tmpl}) into Java sources, one f32 and one f64 copy
 * of each width block. Run by the build at generate-sources (core/pom.xml) with the JDK source
 * launcher, so it needs nothing but a JDK 11+:
 *
 * <pre>java src/main/templates/Generate.java TEMPLATE_ROOT OUTPUT_ROOT [TEMPLATE_ROOT OUTPUT_ROOT ...]</pre>
 *
 * A file is rewritten only when its text changes (incremental compiles stay incremental). The
 * template language is described in docs/extending.md ("Kernel templates"); in short:
 *
 * <ul>
 *   <li>{@code //# text}: a template comment, not emitted;</li>
 *   <li>{@code //#for 32 64} ... {@code //#end for}: the lines in between, once per width;</li>
 *   <li>{@code //#if 32} ... [{@code //#else}] ... {@code //#end if}: lines for one width only, and
 *       a line ending in {@code //@32} or {@code //@64} is emitted for that width only;</li>
 *   <li>{@code //#define NAME} ... {@code //#end define} a fragment, {@code //#include NAME} emits it;</li>
 *   <li>{@code //#let NAME = TEXT} sets a variable for the rest of the width block;</li>
 *   <li>{@code ${T}} float/double, {@code ${Box}} Float/Double, {@code ${V}} FloatVector/DoubleVector,
 *       {@code ${S}} FS/DS (species), {@code ${L}} FL/DL (lanes), {@code ${W}} 32/64,
 *       {@code ${lit:0.1}} a literal of the width's type (0.1f / 0.1), {@code ${NAME}} a variable,
 *       {@code ${NAME:ARG}} a variable with each {@code #} in its text replaced by ARG.</li>
 * </ul>
 */
public final class Generate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)(?::([^{}]*))?\\}");
    private static final Pattern WIDTH_MARK = Pattern.compile("\\s*//@(32|64)\\s*$");

    private final Path template;
    /** Fragments by name: their lines and the template line number of the first. */
    private final Map<String, Map.Entry<Integer, List<String>>> fragments = new HashMap<>();
    private final Map<String, String> vars = new HashMap<>();
    private String width;
    private int lineNo;

    private Generate(Path template) {
        this.template = template;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: Generate TEMPLATE_ROOT OUTPUT_ROOT [TEMPLATE_ROOT OUTPUT_ROOT ...]");
        }
        for (int i = 0; i < args.length; i += 2) {
            generateTree(Path.of(args[i]), Path.of(args[i + 1]));
        }
    }

    private static void generateTree(Path root, Path out) throws IOException {
        List<Path> templates;
        try (Stream<Path> s = Files.walk(root)) {
            templates = s.filter(p -> p.toString().endsWith(".java.tmpl")).sorted().toList();
        }
        Set<Path> written = new HashSet<>();
        for (Path t : templates) {
            String rel = root.relativize(t).toString();
            Path target = out.resolve(rel.substring(0, rel.length() - ".tmpl".length()));
            String text = new Generate(t).expand(Files.readAllLines(t, StandardCharsets.UTF_8),
                    root.getFileName().toString(), rel);
            written.add(target.toAbsolutePath().normalize());
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
                Files.createDirectories(target.getParent());
                Files.writeString(target, text, StandardCharsets.UTF_8);
            }
        }
        // a template that was removed or renamed leaves no stale class behind
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.walk(out)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (!written.contains(p.toAbsolutePath().normalize())) {
                        Files.delete(p);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    private String expand(List<String> lines, String tree, String rel) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            lineNo = i + 1;
            String line = lines.get(i);
            String d = directive(line);
            if (d.startsWith("for ")) {
                int end = findEnd(lines, i, "for");
                for (String w : d.substring(4).trim().split("\\s+")) {
                    if (!w.equals("32") && !w.equals("64")) {
                        throw error("width " + w + " (32 or 64)");
                    }
                    width = w;
                    vars.clear();
                    emit(lines.subList(i + 1, end), i + 2, out);
                }
                width = null;
                i = end;
            } else if (d.startsWith("define ")) {
                int end = findEnd(lines, i, "define");
                fragments.put(d.substring(7).trim(), Map.entry(i + 2, List.copyOf(lines.subList(i + 1, end))));
                i = end;
            } else if (d.equals("#")) {
                continue;
            } else if (!d.isEmpty()) {
                throw error("//#" + d + " outside a //#for block");
            } else {
                out.add(substitute(line));
            }
        }
        out.add(0, "// GENERATED from src/main/templates/" + tree + "/" + rel.replace('\\', '/')
                + " by src/main/templates/Generate.java: edit the template, not this file.");
        return String.join("\n", out) + "\n";
    }

    /** Emits lines of a width block (directives interpreted, placeholders substituted). */
    private void emit(List<String> lines, int firstLine, List<String> out) {
        for (int i = 0; i < lines.size(); i++) {
            lineNo = firstLine + i;
            String line = lines.get(i);
            String d = directive(line);
            if (d.startsWith("if ")) {
                int end = findEnd(lines, i, "if");
                int otherwise = findElse(lines, i, end);
                boolean take = d.substring(3).trim().equals(width);
                if (take) {
                    emit(lines.subList(i + 1, otherwise < 0 ? end : otherwise), firstLine + i + 1, out);
                } else if (otherwise >= 0) {
                    emit(lines.subList(otherwise + 1, end), firstLine + otherwise + 1, out);
                }
                i = end;
            } else if (d.startsWith("define ")) {
                int end = findEnd(lines, i, "define");
                fragments.put(d.substring(7).trim(), Map.entry(firstLine + i + 1, List.copyOf(lines.subList(i + 1, end))));
                i = end;
            } else if (d.startsWith("include ")) {
                String name = d.substring(8).trim();
                Map.Entry<Integer, List<String>> f = fragments.get(name);
                if (f == null) {
                    throw error("no fragment " + name);
                }
                int at = lineNo;
                emit(f.getValue(), f.getKey(), out);
                lineNo = at;
            } else if (d.startsWith("let ")) {
                int eq = d.indexOf('=');
                if (eq < 0) {
                    throw error("//#let NAME = TEXT");
                }
                vars.put(d.substring(4, eq).trim(), d.substring(eq + 1).trim());
            } else if (d.equals("#")) {
                continue;
            } else if (!d.isEmpty()) {
                throw error("unknown or misplaced //#" + d);
            } else {
                Matcher m = WIDTH_MARK.matcher(line);
                if (m.find()) {
                    if (!m.group(1).equals(width)) {
                        continue;
                    }
                    line = line.substring(0, m.start());
                }
                out.add(substitute(line));
            }
        }
    }

    /** The directive of a {@code //#} line ("#" for a template comment, {@code //# ...}), else "". */
    private static String directive(String line) {
        String t = line.trim();
        if (!t.startsWith("//#")) {
            return "";
        }
        String d = t.substring(3);
        return d.isEmpty() || d.startsWith(" ") ? "#" : d.trim();
    }

    /** Index of the {@code //#end KIND} closing the block opened at {@code start} (blocks nest). */
    private int findEnd(List<String> lines, int start, String kind) {
        int depth = 0;
        for (int i = start + 1; i < lines.size(); i++) {
            String d = directive(lines.get(i));
            if (d.startsWith(kind + " ")) {
                depth++;
            } else if (d.equals("end " + kind)) {
                if (depth-- == 0) {
                    return i;
                }
            }
        }
        throw error("//#" + kind + " without //#end " + kind);
    }

    private int findElse(List<String> lines, int start, int end) {
        int depth = 0;
        for (int i = start + 1; i < end; i++) {
            String d = directive(lines.get(i));
            if (d.startsWith("if ")) {
                depth++;
            } else if (d.equals("end if")) {
                depth--;
            } else if (d.equals("else") && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Replaces placeholders until none is left (a variable's text may hold placeholders). */
    private String substitute(String line) {
        for (int round = 0; round < 16; round++) {
            Matcher m = PLACEHOLDER.matcher(line);
            if (!m.find()) {
                return line;
            }
            StringBuilder sb = new StringBuilder();
            do {
                m.appendReplacement(sb, Matcher.quoteReplacement(value(m.group(1), m.group(2))));
            } while (m.find());
            m.appendTail(sb);
            line = sb.toString();
        }
        throw error("placeholders nest too deep: " + line.trim());
    }

    private String value(String name, String arg) {
        if (width == null) {
            throw error("${" + name + "} outside a //#for block");
        }
        boolean f = width.equals("32");
        switch (name) {
            case "T":
                return f ? "float" : "double";
            case "Box":
                return f ? "Float" : "Double";
            case "V":
                return f ? "FloatVector" : "DoubleVector";
            case "S":
                return f ? "FS" : "DS";
            case "L":
                return f ? "FL" : "DL";
            case "W":
                return width;
            case "lit":
                if (arg == null || !arg.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    throw error("${lit:NUMBER}, not " + arg);
                }
                return f ? arg + "f" : arg.contains(".") ? arg : arg + ".0";
            default:
                String v = vars.get(name);
                if (v == null) {
                    throw error("no variable " + name + " (//#let " + name + " = ...)");
                }
                return arg == null ? v : v.replace("#", arg);
        }
    }

    private IllegalStateException error(String what) {
        return new IllegalStateException(template + ":" + lineNo + ": " + what);
    }
}
