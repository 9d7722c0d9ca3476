package io.choria.lifecycle.nats.internal;

import java.io.IOException;

/** Hears of reads and writes that failed on a TLS connection ({@link TlsAwareDataPort}). Not API. */
public interface TlsFailureListener {
    /** A read or write on the TLS connection failed: while connecting, most likely the broker refusing us. */
    void tlsFailed(IOException failure);
}
