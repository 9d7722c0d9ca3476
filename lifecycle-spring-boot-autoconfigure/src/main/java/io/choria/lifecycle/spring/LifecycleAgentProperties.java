package io.choria.lifecycle.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * {@code choria.lifecycle.*}: how the application takes part in a Choria fleet. Its Javadoc is
 * what an IDE shows beside each property (the configuration processor copies it).
 */
@ConfigurationProperties(prefix = LifecycleAgentProperties.PREFIX)
public class LifecycleAgentProperties {
    /** The prefix of every property here. */
    public static final String PREFIX = "choria.lifecycle";

    /** Whether the application announces itself at all. */
    private boolean enabled = true;

    /**
     * The component the application is counted as, the last token of its events' subjects, e.g.
     * "billing". Default: spring.application.name.
     */
    private String component;

    /**
     * The identity the application announces. Default: the identity of the Choria configuration
     * (choria.lifecycle.connection.config), else the host's fully qualified name.
     */
    private String identity;

    /**
     * The version the application announces. Default: the version of its build information
     * (META-INF/build-info.properties), else the Implementation-Version of its jar's manifest.
     */
    private String version;

    /**
     * The format of the events: cloudevent, as Choria servers send them, or choria, the legacy
     * format. Default: cloudevent, or choria when the Choria configuration sets
     * plugin.choria.legacy_lifecycle_format.
     */
    private EventFormat format;

    /** How often alive events are sent; the first one after a random delay within it, as Choria servers do. */
    private Duration aliveInterval = Duration.ofMinutes(30);

    /** How long closing the application waits for the broker to confirm the shutdown event. */
    private Duration shutdownTimeout = Duration.ofSeconds(2);

    /** The brokers and how to reach them. */
    @NestedConfigurationProperty
    private AgentConnectionProperties connection = new AgentConnectionProperties();

    /** The wire formats an agent publishes. */
    public enum EventFormat {
        /** CloudEvents 1.0, what Choria servers send. */
        CLOUDEVENT,
        /** Choria's own (legacy) format. */
        CHORIA
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getComponent() {
        return component;
    }

    public void setComponent(String component) {
        this.component = component;
    }

    public String getIdentity() {
        return identity;
    }

    public void setIdentity(String identity) {
        this.identity = identity;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public EventFormat getFormat() {
        return format;
    }

    public void setFormat(EventFormat format) {
        this.format = format;
    }

    public Duration getAliveInterval() {
        return aliveInterval;
    }

    public void setAliveInterval(Duration aliveInterval) {
        this.aliveInterval = aliveInterval;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public AgentConnectionProperties getConnection() {
        return connection;
    }

    public void setConnection(AgentConnectionProperties connection) {
        this.connection = connection;
    }
}
