package io.choria.lifecycle.tally.web;

/** What {@code GET /api/nodes} answers: one page of the tally's nodes that match a query. */
@FunctionalInterface
public interface NodeLister {
    /**
     * The page of nodes {@code query} asks for.
     *
     * @throws BadRequest when the query cannot be answered as asked
     */
    NodePage list(NodeQuery query) throws InterruptedException;
}
