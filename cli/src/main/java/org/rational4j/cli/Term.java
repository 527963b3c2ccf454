package org.rational4j.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Is standard output a terminal? (No ANSI, no progress bars, when it is not.) */
final class Term {
    private static final boolean TERMINAL = detect();

    private Term() {
    }

    static boolean isTerminal() {
        return TERMINAL;
    }

    private static boolean detect() {
        if (Boolean.getBoolean("rational4j.plain")) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22+ returns a Console even when redirected; Console.isTerminal() tells the truth.
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a non-null console means a terminal
        }
    }
}
