package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.LifecycleEvent;

/** The subjects a tally listens on, and the check of the component it is asked to tally. */
final class TallySubjects {
    /** Machine state transitions (CloudEvents). */
    static final String TRANSITION = "choria.machine.transition";
    /** Exec watcher states (CloudEvents). */
    static final String EXEC_STATE = "choria.machine.watcher.exec.state";

    private TallySubjects() {
    }

    /**
     * {@code choria.lifecycle.event.*.<component>}; {@code *} means every component.
     *
     * @throws LifecycleException for {@code >} or anything that is not a single subject token
     */
    static String lifecycle(String component) {
        if (">".equals(component)) {
            throw new LifecycleException(Reason.INVALID_INPUT, "component '>' is not allowed: use '*' to tally every component");
        }
        if (component == null || component.isEmpty()) {
            throw new LifecycleException(Reason.INVALID_INPUT, "component is empty: name one, or use '*' to tally every component");
        }
        if (!"*".equals(component) && !component.matches("[^.*>\\s]+")) {
            throw new LifecycleException(Reason.INVALID_INPUT, "invalid component '" + component
                    + "': a component is a single subject token (no dots, spaces or wildcards), or '*'");
        }
        return LifecycleEvent.SUBJECT_PREFIX + "*." + component;
    }
}
