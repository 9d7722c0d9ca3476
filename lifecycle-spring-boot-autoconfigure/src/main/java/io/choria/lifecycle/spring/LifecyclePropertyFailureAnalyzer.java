package io.choria.lifecycle.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link LifecyclePropertyException} into Spring Boot's "APPLICATION FAILED TO START" report. */
public class LifecyclePropertyFailureAnalyzer extends AbstractFailureAnalyzer<LifecyclePropertyException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LifecyclePropertyException cause) {
        return new FailureAnalysis("Invalid Choria lifecycle setting " + cause.getMessage(), cause.action(), cause);
    }
}
