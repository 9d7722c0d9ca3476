package io.choria.lifecycle.tally;

import io.choria.lifecycle.EventType;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Summary;

/**
 * The per-event series of one component under one {@code active} value, looked up once and kept:
 * client_java's {@code labelValues} copies and hashes the label values on every call, and for
 * labels freshly decoded from each message that was a tenth of the tally's time per event over a
 * real broker. Event type series are made on first use.
 */
final class ComponentSeries {
    private static final EventType[] TYPES = EventType.values();

    final CounterDataPoint goodEvents;
    final DistributionDataPoint processingTime;
    private final CounterDataPoint[] eventTypes = new CounterDataPoint[TYPES.length];
    private final Counter eventTypeFamily;
    private final String component;
    private final String active;

    ComponentSeries(String component, String active, Counter goodEvents, Counter eventTypes, Summary processingTime) {
        this.component = component;
        this.active = active;
        this.goodEvents = goodEvents.labelValues(component, active);
        this.processingTime = processingTime.labelValues(component, active);
        this.eventTypeFamily = eventTypes;
    }

    /** The {@code event_types} series of {@code type}. */
    CounterDataPoint eventType(EventType type) {
        CounterDataPoint p = eventTypes[type.ordinal()];
        if (p == null) {
            p = eventTypeFamily.labelValues(component, type.typeName(), active);
            eventTypes[type.ordinal()] = p; // a benign race: labelValues gives the same data point
        }
        return p;
    }
}
