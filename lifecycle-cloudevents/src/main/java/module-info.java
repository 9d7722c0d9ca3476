/** The bridge between lifecycle events and the CloudEvents Java SDK's {@code CloudEvent}. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the SDK has no module descriptors
module io.choria.lifecycle.cloudevents {
    requires transitive io.choria.lifecycle;
    requires transitive io.cloudevents.api;
    requires io.cloudevents.core;

    exports io.choria.lifecycle.cloudevents;
}
