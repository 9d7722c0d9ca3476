/**
 * Not API: what jnats must be able to create by class name. Exported to jnats alone, left out of
 * the Javadoc, and free to change in any release.
 */
package io.choria.lifecycle.nats.internal;
