package io.choria.lifecycle.tally;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.LifecycleEvent;

/**
 * The lifecycle subject a tally listens on, and the check of the component it is asked to tally
 * (the machine events' subjects are {@link io.choria.lifecycle.machine.MachineEvents}').
 */
final class TallySubjects {
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
