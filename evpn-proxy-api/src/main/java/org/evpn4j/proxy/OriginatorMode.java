package org.evpn4j.proxy;

/** Which address the proxy puts in the Originating Router's IP field of its type-3 routes. */
public enum OriginatorMode {
  /**
   * The static VTEP's address (default): receivers that build flood lists from the originator
   * (FRR does) then flood to the static VTEP itself.
   */
  STATIC_VTEP,
  /** The proxy's own source address, as in the original proxy design. */
  PROXY
}
