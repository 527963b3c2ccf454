package org.rational4j.coefficients;

import java.io.IOException;
import java.nio.file.Path;

/** A coefficient file (checkpoint, safetensors, reference table) that cannot be read: the message
 * names the file and the problem. Reading never returns a partially filled object. */
public class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    public CheckpointFormatException(Path file, String problem) {
        this(String.valueOf(file), problem, null);
    }

    public CheckpointFormatException(String file, String problem) {
        this(file, problem, null);
    }

    public CheckpointFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or resource) that was read. */
    public String file() {
        return file;
    }

    /** The problem, without the file name. */
    public String problem() {
        return problem;
    }
}
