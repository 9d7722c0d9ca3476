package io.choria.lifecycle.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSamplerTest {
    @Test
    void passesWholeLinesUpToTheRateAndCountsTheRest() {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        LineSampler sampler = new LineSampler(new PrintStream(shown, true, StandardCharsets.UTF_8), 3);
        PrintStream viewer = new PrintStream(sampler, true, StandardCharsets.UTF_8);
        for (int i = 1; i <= 10; i++) {
            viewer.println("event " + i + " ✓");
        }
        // ten lines within (at most) two seconds: three or six of them pass
        assertThat(sampler.lines()).isEqualTo(10);
        assertThat(sampler.shown()).isIn(3L, 6L);
        assertThat(shown.toString(StandardCharsets.UTF_8)).startsWith("event 1 ✓\nevent 2 ✓\nevent 3 ✓\n");
        sampler.stop();
        viewer.println("after");
        assertThat(shown.toString(StandardCharsets.UTF_8)).doesNotContain("after");
        assertThat(sampler.lines()).isEqualTo(11);
    }
}
