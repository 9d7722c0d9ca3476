package io.choria.lifecycle.cli.process;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.util.function.Supplier;

/**
 * A setting only the operator can fix, found before anything else was done: a Choria or web
 * configuration that cannot be read or used, a TLS or credentials file it names that is missing
 * or does not fit. The command ends with {@value #EXIT_CODE} ({@code EX_CONFIG} of sysexits.h),
 * which the packaged unit does not restart on (its {@code RestartPreventExitStatus=}): starting
 * again every few seconds would not change the file.
 */
public final class ConfigurationError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The exit code of a configuration error. */
    public static final int EXIT_CODE = 78;

    private ConfigurationError(LifecycleException cause) {
        super(cause.getMessage(), cause);
    }

    /**
     * What {@code reading} gives; a {@code LifecycleException} it throws for bad input
     * ({@code INVALID_INPUT}) becomes a configuration error, anything else passes unchanged.
     */
    public static <T> T of(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (LifecycleException e) {
            if (e.reason() == Reason.INVALID_INPUT) {
                throw new ConfigurationError(e);
            }
            throw e;
        }
    }
}
