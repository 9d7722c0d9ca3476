/**
 * Not API: what jnats must be able to create by class name, and the PEM reader the tally's HTTPS
 * port shares. Exported to jnats and the tally alone, left out of the Javadoc, and free to change
 * in any release.
 */
package io.choria.lifecycle.nats.internal;
