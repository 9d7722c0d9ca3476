package io.choria.lifecycle.spring;

import io.choria.lifecycle.nats.LifecycleAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application, started as {@code SpringApplication.run} starts one, with the
 * given properties (as command-line arguments, the way an operator overrides them) and extra
 * configuration classes; closing it is the application's shutdown.
 */
final class RunningService implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A service without a web server. */
    static RunningService start(Map<String, String> properties, Class<?>... configuration) {
        return run(false, properties, configuration);
    }

    /** A web service on a free port, with Actuator's endpoints. */
    static RunningService startWeb(Map<String, String> properties, Class<?>... configuration) {
        return run(true, properties, configuration);
    }

    private static RunningService run(boolean web, Map<String, String> properties, Class<?>... configuration) {
        List<Class<?>> sources = new ArrayList<>(List.of(TestService.class));
        sources.addAll(List.of(configuration));
        List<String> args = new ArrayList<>();
        args.add("--spring.main.web-application-type=" + (web ? "servlet" : "none"));
        args.add("--spring.main.banner-mode=off");
        args.add("--spring.main.log-startup-info=false");
        args.add("--server.port=0");
        args.add("--management.endpoint.health.show-details=always");
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new RunningService(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(args.toArray(String[]::new)));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    LifecycleAgent agent() {
        return context.getBean(LifecycleAgent.class);
    }

    /** The web server's port (server.port=0 picks one). */
    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        context.close();
    }
}
