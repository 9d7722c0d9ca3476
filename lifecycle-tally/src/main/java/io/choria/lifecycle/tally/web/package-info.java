/**
 * Not API: the tally's HTTP port on Jetty ({@link io.choria.lifecycle.tally.web.TallyPort}, its
 * gate and one handler per concern), the text writer, the fleet page, the fleet API
 * and its model ({@code NodeQuery}, {@code NodePage}), the live feed, the client of the nodes API,
 * and the exporter-toolkit web configuration (TLS, basic auth, headers, rate limit). It knows the
 * tally only through {@link io.choria.lifecycle.tally.web.FleetView} and
 * {@link io.choria.lifecycle.tally.web.NodeLister}, which the tally implements, so this package
 * imports nothing of {@code io.choria.lifecycle.tally}. Not exported; free to change in any release.
 */
package io.choria.lifecycle.tally.web;
