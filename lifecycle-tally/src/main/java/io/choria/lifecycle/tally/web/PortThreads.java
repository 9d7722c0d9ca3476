package io.choria.lifecycle.tally.web;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port's handler threads, with what fails inside Jetty's own jobs logged as the rest of the
 * port logs what clients cause: a line per interval, not a stack trace per event. Jetty 12.1
 * releases a request buffer twice, now and then, when a client drops a connection in the middle of
 * a request (jetty/jetty.project#12939, open, "already released"); Jetty's pool logs each as a
 * WARN with its stack trace, so a client that opens and drops connections could fill the log. Our
 * handlers catch what they throw, so a job that fails here is Jetty's, and the connection it was
 * serving is closed either way: the line goes to DEBUG ({@code --debug} shows it).
 */
final class PortThreads extends QueuedThreadPool {
    private static final Logger LOG = LoggerFactory.getLogger(PortThreads.class);
    private final IntervalLog failures = new IntervalLog(LOG::debug, System::nanoTime);

    PortThreads(int maxThreads, int minThreads, int idleTimeoutMillis) {
        super(maxThreads, minThreads, idleTimeoutMillis);
    }

    @Override
    protected void runJob(Runnable job) {
        try {
            super.runJob(job);
        } catch (RuntimeException e) {
            failures.warn("A job of the HTTP port failed inside Jetty (its connection is closed): " + e);
        }
    }
}
