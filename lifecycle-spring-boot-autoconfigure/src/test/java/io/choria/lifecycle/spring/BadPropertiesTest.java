package io.choria.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A setting that cannot work stops the application before it runs, with Spring Boot's one
 * failure report naming the property: no stack trace, no half-started service.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadPropertiesTest {
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            choria.lifecycle.alive-interval            | soon            | choria.lifecycle.alive-interval
            choria.lifecycle.alive-interval            | 0s              | choria.lifecycle.alive-interval
            choria.lifecycle.shutdown-timeout          | -1s             | choria.lifecycle.shutdown-timeout
            choria.lifecycle.format                    | xml             | choria.lifecycle.format
            choria.lifecycle.component                 | my service      | choria.lifecycle.component
            choria.lifecycle.component                 | billing.eu      | choria.lifecycle.component
            choria.lifecycle.connection.servers        | nats://a b:4222 | choria.lifecycle.connection.servers
            choria.lifecycle.connection.config         | /nonexistent/c  | choria.lifecycle.connection.config
            choria.lifecycle.connection.tls.cert       | /etc/hostname   | choria.lifecycle.connection.tls
            choria.lifecycle.connection.credentials    | /nonexistent/x  | choria.lifecycle.connection.credentials
            choria.lifecycle.connection.connect-timeout| 0s              | choria.lifecycle.connection.connect-timeout
            choria.lifecycle.connection.fail-fast      | true            | choria.lifecycle.connection.fail-fast
            """)
    void isOneFailureReportNamingTheProperty(String property, String value, String named, CapturedOutput output) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("choria.lifecycle.component", "billing");
        // nothing listens there: only fail-fast makes that an error
        properties.put("choria.lifecycle.connection.servers", "nats://127.0.0.1:" + NatsServerProcess.freePort());
        properties.put(property, value);
        assertThatThrownBy(() -> RunningService.start(properties)).isInstanceOf(RuntimeException.class);

        String printed = output.getAll();
        assertThat(printed.split("APPLICATION FAILED TO START", -1)).as(printed).hasSize(2);
        String report = printed.substring(printed.indexOf("APPLICATION FAILED TO START"));
        assertThat(report).as(printed).contains(named).contains("Action:");
        // Spring's own one-line warning that refresh was cancelled stays: every Boot application prints it
        assertThat(printed).as("no stack trace").doesNotContain("\tat ");
    }

    @Test
    void aMissingComponentIsNamedToo(CapturedOutput output) {
        assertThatThrownBy(() -> RunningService.start(Map.of())).isInstanceOf(RuntimeException.class);
        assertThat(output.getAll()).contains("Invalid Choria lifecycle setting choria.lifecycle.component"
                + ": not set, and neither is spring.application.name").doesNotContain("\tat ");
    }
}
