package io.choria.lifecycle.tally;

/** How many nodes of one component and version an expiry sweep forgot. */
record ExpiredNodes(String component, String version, int count) {
}
