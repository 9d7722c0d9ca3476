package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link LifecycleAgent} beans (ours or the user's) when the application
 * is ready, so that startup means "serving", and closes them when the context closes: the
 * shutdown event is published while their connections are still open, beans being destroyed
 * only after every lifecycle has stopped.
 */
final class AgentLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent>, ApplicationContextAware {
    /**
     * Stopped after the web server (graceful shutdown at {@code DEFAULT_PHASE - 1024}, the server
     * itself at {@code - 2048}, in both Boot 3.5 and 4.0): shutdown is announced once requests no
     * longer arrive and those in flight are done.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ObjectProvider<LifecycleAgent> agents;
    private ApplicationContext context;
    private volatile boolean running;

    AgentLifecycle(ObjectProvider<LifecycleAgent> agents) {
        this.agents = agents;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() == context && running) { // not a child context's, not after stop
            agents.orderedStream().forEach(LifecycleAgent::start);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        agents.orderedStream().forEach(LifecycleAgent::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
