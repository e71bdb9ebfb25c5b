package org.evpn4j.bgp.rib;

/**
 * How big one address family's Loc-RIB is, counted without copying it: for metrics and
 * summaries.
 *
 * @param paths paths in the Loc-RIB (learned routes that passed loop checks and import policy,
 *     and local routes): the size of a {@code locRib} snapshot
 * @param bestPaths destinations with a best path
 */
public record RibCounts(long paths, long bestPaths) {}
