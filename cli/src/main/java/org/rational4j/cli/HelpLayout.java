package org.rational4j.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Lays out the help text of every command: descriptions, option, parameter and command lists are
 * wrapped at spaces only. (picocli wraps with java.text's line BreakIterator, which also breaks after
 * '.', '-' and '/', so that "System.arraycopy", "--interval=-4,4" and ".dx.npy" were split across
 * lines.) The width is the terminal's, at most {@link #MAX_WIDTH} columns: longer lines read badly.
 */
final class HelpLayout {
    static final int MAX_WIDTH = 100;
    /** The label column (options and parameters) is at most this wide; longer labels get a line of their own. */
    private static final int MAX_LABEL = 28;

    private HelpLayout() {
    }

    /** Installs the renderers on {@code cl} and its subcommands, with the terminal's width (at most {@link #MAX_WIDTH}). */
    static void install(CommandLine cl) {
        cl.setUsageHelpAutoWidth(true);
        installRenderers(cl);
    }

    private static void installRenderers(CommandLine cl) {
        // the option list says everything a full synopsis would, and a short synopsis never wraps
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        usage.abbreviateSynopsis(true);
        // blank lines and headings between the sections
        usage.descriptionHeading("%n");
        usage.parameterListHeading("%nArguments:%n");
        usage.optionListHeading("%nOptions:%n");
        usage.commandListHeading("%nCommands:%n");
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(cl.getHelpSectionMap());
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> paragraphs(help.commandSpec().usageMessage().description(), 0, width(help)));
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpLayout::parameterList);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::optionList);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
        cl.setHelpSectionMap(sections);
        for (CommandLine sub : cl.getSubcommands().values()) {
            installRenderers(sub);
        }
    }

    static int width(Help help) {
        return Math.min(MAX_WIDTH, help.commandSpec().usageMessage().width());
    }

    /** The first paragraph of a command's description: its one-line summary in the command list. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        if (header.length > 0) {
            return header[0];
        }
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    private static String optionList(Help help) {
        return table(optionRows(help), labelWidth(help), width(help));
    }

    private static String parameterList(Help help) {
        return table(parameterRows(help), labelWidth(help), width(help));
    }

    /** One label column for arguments and options, so that their descriptions line up. */
    private static int labelWidth(Help help) {
        int w = 0;
        List<String[]> rows = new ArrayList<>(optionRows(help));
        rows.addAll(parameterRows(help));
        for (String[] r : rows) {
            if (r[0].length() <= MAX_LABEL) {
                w = Math.max(w, r[0].length());
            }
        }
        return w;
    }

    private static List<String[]> optionRows(Help help) {
        CommandSpec spec = help.commandSpec();
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        if (spec.usageMessage().sortOptions()) {
            options.sort(Comparator.comparing(o -> o.shortestName().replace("-", "").toLowerCase(Locale.ROOT)));
        }
        List<String[]> rows = new ArrayList<>();
        for (OptionSpec o : options) {
            rows.add(new String[] {optionLabel(help, o, false), optionLabel(help, o, true),
                String.join(" ", o.renderedDescription())});
        }
        return rows;
    }

    private static List<String[]> parameterRows(Help help) {
        List<String[]> rows = new ArrayList<>();
        for (PositionalParamSpec p : help.commandSpec().positionalParameters()) {
            if (!p.hidden()) {
                String label = "      " + paramLabel(help, p, Ansi.OFF);
                String coloured = "      " + paramLabel(help, p, help.colorScheme().ansi());
                rows.add(new String[] {label, coloured, String.join(" ", p.renderedDescription())});
            }
        }
        return rows;
    }

    private static String commandList(Help help) {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().commandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            String name = e.getKey();
            rows.add(new String[] {"  " + name, "  " + help.colorScheme().commandText(name), summary(sub)});
        }
        int names = 0;
        for (String[] r : rows) {
            names = Math.max(names, r[0].length());
        }
        return table(rows, names, width(help));
    }

    /** "  -o, --output=FILE" or "      --verbose", plain or in the help's colours. */
    private static String optionLabel(Help help, OptionSpec o, boolean coloured) {
        Help.ColorScheme scheme = help.colorScheme();
        String shortName = null;
        String longName = null;
        for (String n : o.names()) {
            if (n.startsWith("--") || n.length() > 2) {
                longName = longName == null ? n : longName;
            } else {
                shortName = shortName == null ? n : shortName;
            }
        }
        String label = paramLabel(help, o, coloured ? scheme.ansi() : Ansi.OFF);
        StringBuilder sb = new StringBuilder("  ");
        if (shortName != null) {
            sb.append(coloured ? scheme.optionText(shortName).toString() : shortName);
            sb.append(longName != null ? ", " : "");
        } else {
            sb.append("    ");
        }
        if (longName != null) {
            sb.append(coloured ? scheme.optionText(longName).toString() : longName);
        }
        return sb.append(label).toString();
    }

    private static String paramLabel(Help help, ArgSpec a, Ansi ansi) {
        return help.parameterLabelRenderer().renderParameterLabel(a, ansi, help.colorScheme().optionParamStyles())
                .toString();
    }

    /**
     * Two columns: rows of {plain label, label as printed, description}. The description column
     * starts two spaces after {@code labelWidth}; a longer label is followed by its description on
     * the next lines.
     */
    static String table(List<String[]> rows, int labelWidth, int width) {
        int column = labelWidth + 2;
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            List<String> lines = wrap(r[2], Math.max(20, width - column));
            sb.append(r[1]);
            int at = r[0].length();
            if (at > labelWidth && !lines.isEmpty()) {
                sb.append(System.lineSeparator());
                at = 0;
            }
            for (int i = 0; i < lines.size(); i++) {
                sb.append(" ".repeat(Math.max(0, column - at))).append(lines.get(i)).append(System.lineSeparator());
                at = 0;
            }
            if (lines.isEmpty()) {
                sb.append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** Paragraphs (and "%n"-separated lines within them) wrapped to {@code width}, a blank line between paragraphs. */
    static String paragraphs(String[] paragraphs, int indent, int width) {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < paragraphs.length; p++) {
            if (p > 0) {
                sb.append(System.lineSeparator());
            }
            for (String part : paragraphs[p].split("%n", -1)) {
                for (String line : wrap(part, width - indent)) {
                    sb.append(" ".repeat(indent)).append(line).append(System.lineSeparator());
                }
            }
        }
        return sb.toString();
    }

    /**
     * Greedy wrapping at spaces only: a word longer than the width stays whole on a line of its own
     * rather than being cut.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
