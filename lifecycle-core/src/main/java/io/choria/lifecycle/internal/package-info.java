/**
 * Not API: what the lifecycle decoder shares with the machine event reader (reading JSON values,
 * quoting input in messages). Not exported, left out of the Javadoc, and free to change in any release.
 */
package io.choria.lifecycle.internal;
