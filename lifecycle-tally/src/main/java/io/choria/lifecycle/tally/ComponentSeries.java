package io.choria.lifecycle.tally;

import io.choria.lifecycle.EventType;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-event series of one component under one {@code active} value, looked up once and kept:
 * client_java's {@code labelValues} copies and hashes the label values on every call, and for
 * labels freshly decoded from each message that was a tenth of the tally's time per event over a
 * real broker. Each series is made on first use (a replay touches only the versions, and must not
 * make good_events series appear), and the data points handed out by client_java never change,
 * so benign races between threads making the same one are harmless.
 */
final class ComponentSeries {
    private static final EventType[] TYPES = EventType.values();

    private CounterDataPoint goodEvents;
    private DistributionDataPoint processingTime;
    private final Counter goodEventsFamily;
    private final Summary processingTimeFamily;
    private final CounterDataPoint[] eventTypes = new CounterDataPoint[TYPES.length];
    private final Counter eventTypeFamily;
    private final Gauge versionFamily;
    /** Versions seen of the component; the recorder's lock guards it (every version change is made under it). */
    private final Map<String, GaugeDataPoint> versions = new HashMap<>();
    private final String component;
    private final String active;

    ComponentSeries(String component, String active, Counter goodEvents, Counter eventTypes, Summary processingTime,
                    Gauge versions) {
        this.component = component;
        this.active = active;
        this.goodEventsFamily = goodEvents;
        this.processingTimeFamily = processingTime;
        this.eventTypeFamily = eventTypes;
        this.versionFamily = versions;
    }

    /**
     * The {@code versions} series of {@code version}; call with the recorder's lock held. A burst
     * of startups after a broker restart changes versions twice per event.
     */
    GaugeDataPoint version(String version) {
        GaugeDataPoint p = versions.get(version);
        if (p == null) {
            p = versionFamily.labelValues(component, version, active);
            versions.put(version, p);
        }
        return p;
    }

    /** Removes the {@code versions} series of {@code version}; call with the recorder's lock held. */
    void forgetVersion(String version) {
        if (versions.remove(version) != null) {
            versionFamily.remove(component, version, active);
        }
    }

    /** The {@code good_events} series. */
    CounterDataPoint goodEvents() {
        CounterDataPoint p = goodEvents;
        if (p == null) {
            p = goodEventsFamily.labelValues(component, active);
            goodEvents = p;
        }
        return p;
    }

    /** The {@code processing_time} series. */
    DistributionDataPoint processingTime() {
        DistributionDataPoint p = processingTime;
        if (p == null) {
            p = processingTimeFamily.labelValues(component, active);
            processingTime = p;
        }
        return p;
    }

    /** The {@code event_types} series of {@code type}. */
    CounterDataPoint eventType(EventType type) {
        CounterDataPoint p = eventTypes[type.ordinal()];
        if (p == null) {
            p = eventTypeFamily.labelValues(component, type.typeName(), active);
            eventTypes[type.ordinal()] = p;
        }
        return p;
    }
}
