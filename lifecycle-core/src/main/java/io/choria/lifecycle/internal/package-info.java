/**
 * Not API: what the lifecycle decoder shares with the tally's machine event reader. Exported to
 * lifecycle-tally only, left out of the Javadoc, and free to change in any release.
 */
package io.choria.lifecycle.internal;
