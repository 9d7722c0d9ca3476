package io.choria.lifecycle.tally;

/** How many nodes of one component and version an expiry sweep forgot. */
public record ExpiredNodes(String component, String version, int count) {
}
