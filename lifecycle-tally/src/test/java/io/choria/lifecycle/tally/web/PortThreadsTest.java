package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortThreadsTest {
    @Test
    void aJobThatFailsInsideJettyWritesNoWarningAndThePoolGoesOn() throws Exception {
        PortThreads threads = new PortThreads(4, 1, 30_000);
        threads.start();
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CountDownLatch failed = new CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                threads.execute(() -> {
                    failed.countDown();
                    throw new IllegalStateException("already released"); // as jetty/jetty.project#12939
                });
            }
            assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch after = new CountDownLatch(1);
            threads.execute(after::countDown);
            assertThat(after.await(10, TimeUnit.SECONDS)).as("the pool still runs jobs").isTrue();
        } finally {
            System.setErr(realErr);
            threads.stop();
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
