package io.choria.lifecycle.cli.process;

import io.choria.lifecycle.LifecycleException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.ParameterException;

/** Turns any failure into the one line printed after {@code error: }, never a stack trace. */
public final class ErrorLine {
    private ErrorLine() {
    }

    /** A single line saying what went wrong, for users rather than developers. */
    public static String of(Throwable t) {
        return oneLine(describe(t));
    }

    /**
     * Collapses line breaks and tabs so that a message can never span lines. A space the message
     * ends with stays: the reference's texts have them ({@code cannot parse uri ref: } for an empty
     * source), and decode's error lines give the reference's text as it is.
     */
    public static String oneLine(String message) {
        return message.replaceAll("[\\r\\n\\t]+$", "").replaceAll("[\\r\\n\\t]+", " ").stripLeading();
    }

    /** Why an I/O operation failed, without the file name that file-system exceptions use as message. */
    public static String ioReason(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "no such file";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : "cannot access";
        }
        String message = t.getMessage();
        return message != null && !message.isBlank() ? oneLine(message) : "input/output error";
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        boolean hasMessage = message != null && !message.isBlank();
        if (t instanceof LifecycleException || t instanceof ParameterException || t instanceof ConfigurationError) {
            return hasMessage ? message : t.getClass().getSimpleName();
        }
        if (t instanceof FileSystemException fs) {
            return fs.getFile() + ": " + ioReason(fs);
        }
        if (t instanceof IOException) {
            return ioReason(t);
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (raise -Xmx through JAVA_OPTS)";
        }
        // A bug of ours: say so in a way a user can report, without the trace (see --debug).
        String kind = t.getClass().getSimpleName();
        return "internal error: " + (hasMessage ? kind + ": " + message : kind);
    }
}
