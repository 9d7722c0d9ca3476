package io.choria.lifecycle.spring;

/**
 * A {@code choria.lifecycle} setting keeps the application from starting: the property, what is
 * wrong with it and what to do, which {@link LifecyclePropertyFailureAnalyzer} reports as Spring
 * Boot reports its own configuration errors, without a stack trace.
 */
public class LifecyclePropertyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String action;

    LifecyclePropertyException(String property, String problem, String action) {
        super(property + ": " + problem);
        this.property = property;
        this.action = action;
    }

    /** The property to change, e.g. {@code choria.lifecycle.component}. */
    public String property() {
        return property;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
