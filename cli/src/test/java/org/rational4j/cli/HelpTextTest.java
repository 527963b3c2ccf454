package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The help reads well: wrapped at spaces only, within the width, with whole summaries. */
class HelpTextTest {
    static final String[] COMMANDS = {"info", "fit", "plot", "train", "eval", "bench", "demo"};

    /** The help of {@code command} (null: the top level) at a terminal {@code width} columns wide. */
    static String help(int width, String command) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw, true);
        CommandLine cl = Main.commandLine(pw, pw);
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(width);
        int code = command == null ? cl.execute("--help") : cl.execute(command, "--help");
        assertEquals(ExitCode.OK, code, sw::toString);
        return sw.toString();
    }

    private static Map<String, Integer> count(List<String> words) {
        Map<String, Integer> m = new HashMap<>();
        for (String w : words) {
            m.merge(w, 1, Integer::sum);
        }
        return m;
    }

    private static List<String> words(String text) {
        List<String> w = new ArrayList<>(Arrays.asList(text.trim().split("\\s+")));
        w.removeIf(String::isEmpty);
        return w;
    }

    /** Every word of every description comes out whole: no "System.", "arraycopy" or ".", "dx.npy". */
    @Test
    void wrapsAtSpacesOnly() {
        CommandSpec root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getCommandSpec();
        for (int width : new int[] {80, 100, 132}) {
            for (String c : COMMANDS) {
                CommandSpec spec = root.subcommands().get(c).getCommandSpec();
                List<String> source = new ArrayList<>();
                for (String d : spec.usageMessage().description()) {
                    source.addAll(words(d));
                }
                for (OptionSpec o : spec.options()) {
                    source.addAll(words(String.join(" ", o.renderedDescription())));
                }
                for (PositionalParamSpec p : spec.positionalParameters()) {
                    source.addAll(words(String.join(" ", p.renderedDescription())));
                }
                Map<String, Integer> shown = count(words(help(width, c)));
                for (Map.Entry<String, Integer> e : count(source).entrySet()) {
                    int w = width;
                    assertTrue(shown.getOrDefault(e.getKey(), 0) >= e.getValue(), () -> "'" + e.getKey()
                            + "' is cut in 'rational4j " + c + " --help' at width " + w + ":\n" + help(w, c));
                }
            }
        }
    }

    /** At 80 columns nothing is longer; on a wide terminal lines stop at 100 columns, where they still read well. */
    @Test
    void fitsTheWidth() {
        for (int width : new int[] {80, 200}) {
            int max = Math.min(width, HelpLayout.MAX_WIDTH);
            List<String> all = new ArrayList<>(Arrays.asList(COMMANDS));
            all.add(null);
            for (String c : all) {
                String h = help(width, c);
                for (String line : h.split("\\R")) {
                    assertTrue(line.length() <= max, () -> "longer than " + max + " in " + c + " --help at width "
                            + width + ": '" + line + "'\n" + h);
                }
            }
        }
    }

    /** The command list shows each command's whole first sentence, e.g. train's is not cut at "sharp feature,". */
    @Test
    void commandSummariesAreWhole() {
        String top = help(80, null);
        String list = top.substring(top.indexOf("Commands:"), top.indexOf("Exit codes"));
        Map<String, StringBuilder> entries = new HashMap<>();
        StringBuilder current = null;
        for (String line : list.split("\\R")) {
            if (line.matches("  \\S.*")) {
                String name = line.trim().split("\\s+")[0];
                current = new StringBuilder(line.trim().substring(name.length()).trim());
                entries.put(name, current);
            } else if (current != null && !line.isBlank()) {
                current.append(' ').append(line.trim());
            }
        }
        for (String c : COMMANDS) {
            String summary = String.valueOf(entries.get(c));
            assertTrue(summary.endsWith("."), () -> c + ": the summary is not a whole sentence: '" + summary + "'\n" + top);
        }
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (String c : COMMANDS) {
            assertEquals(cl.getSubcommands().get(c).getCommandSpec().usageMessage().description()[0],
                    entries.get(c).toString(), top);
        }
    }

    /** --version is the tool's; the rational version is --rational-version; outputs are -o/--output. */
    @Test
    void oneSpellingPerMeaning() {
        Cli v = Cli.run("--version");
        assertEquals(ExitCode.OK, v.code, v::toString);
        assertTrue(v.out.startsWith("rational4j "), v::toString);
        for (String c : new String[] {"fit", "plot", "train", "eval", "bench"}) {
            String h = help(100, c);
            assertTrue(h.contains("--rational-version=A|B|C|D|N"), () -> c + ":\n" + h);
            assertFalse(h.matches("(?s).*--version\\b.*"), () -> c + " still has --version:\n" + h);
        }
        for (String c : new String[] {"fit", "plot", "train", "eval", "demo"}) {
            String h = help(100, c);
            assertTrue(h.contains("-o, --output="), () -> c + ":\n" + h);
            assertFalse(h.contains("--out="), () -> c + ":\n" + h);
        }
    }

    /** In colour (a terminal) the layout is the same: the escape codes take no columns. */
    @Test
    void colourKeepsTheLayout() {
        for (String c : COMMANDS) {
            StringWriter sw = new StringWriter();
            PrintWriter pw = new PrintWriter(sw, true);
            CommandLine cl = Main.commandLine(pw, pw);
            cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.ON));
            cl.setUsageHelpAutoWidth(false);
            cl.setUsageHelpWidth(80);
            assertEquals(ExitCode.OK, cl.execute(c, "--help"));
            String coloured = sw.toString();
            assertTrue(coloured.contains("\u001B["), () -> c + ": no colour:\n" + coloured);
            assertEquals(help(80, c), coloured.replaceAll("\u001B\\[[0-9;]*m", ""));
        }
    }
}
