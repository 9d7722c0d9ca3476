/**
 * Not API: the TLS side of a connection (client key and CA, the broker's certificate checked
 * against the host name, PEM and DER reading, failure explanations), the host-name rule, and
 * what jnats must be able to create by class name. Exported to jnats and the tally alone (its
 * HTTPS port reads PEM files too), left out of the Javadoc, and free to change in any release.
 */
package io.choria.lifecycle.nats.internal;
