package io.choria.lifecycle.tally.web;

/** Why the tally is not ready to be scraped ({@code /-/ready} answers 503 with it), or null when it is. */
public interface Readiness {
    String notReadyBecause();
}
