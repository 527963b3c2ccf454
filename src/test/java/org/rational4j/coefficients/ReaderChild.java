package org.rational4j.coefficients;

import java.nio.file.Path;

/**
 * Reads one file with one reader in a child JVM (see StrictReadersTest), so that a reader that
 * runs out of memory fails its test instead of the Surefire JVM. Prints the outcome; exit 0 when
 * the reader read the file or refused it with a CheckpointFormatException.
 */
public final class ReaderChild {
    private ReaderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "checkpoint": Checkpoint.read(file); break;
                case "table": ReferenceTables.read(file); break;
                case "safetensors": Safetensors.readHeader(file); break;
                default: throw new IllegalArgumentException(args[0]);
            }
            System.out.println("read");
        } catch (CheckpointFormatException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
