package org.evpn4j.proxy;

/** Why the proxy did not learn from a sighting. Each has a counter in {@link ProxyCounters}. */
public enum ProxyDropReason {
  /** No service has the sighting's VNI. */
  UNKNOWN_VNI,
  /** The service with the VNI is disabled. */
  SERVICE_DISABLED,
  /** The outer source is a native EVPN VTEP (it announces its own routes). */
  NATIVE_VTEP,
  /** The outer source is neither a static VTEP of the service nor inside an allowed prefix. */
  UNKNOWN_VTEP,
  /** A message kind the proxy does not learn from (DAD, router solicitation/advertisement). */
  IGNORED_KIND,
  /** No MAC in the binding (an ND message without a link-layer address option). */
  NO_MAC,
  /** A broadcast, multicast or all-zero MAC. */
  NOT_UNICAST_MAC,
  /** The binding's IP is unspecified (0.0.0.0, ::): nothing is learned from the sighting. */
  IP_UNSPECIFIED,
  /** The binding's IP is the limited broadcast 255.255.255.255: nothing is learned. */
  IP_BROADCAST,
  /** The binding's IP is multicast (224.0.0.0/4, ff00::/8): nothing is learned. */
  IP_MULTICAST,
  /** The binding's IP is loopback (127.0.0.0/8, ::1): nothing is learned. */
  IP_LOOPBACK,
  /**
   * The binding's IP is link-local (169.254.0.0/16, fe80::/10) and {@code learn-link-local} is off:
   * the MAC is learned, the IP is not (no MAC/IP route for it).
   */
  IP_LINK_LOCAL,
  /** The service already holds max-macs-per-service learned MACs. */
  SERVICE_MAC_LIMIT,
  /** The VTEP already holds max-macs-per-vtep learned MACs. */
  VTEP_MAC_LIMIT,
  /** Auto-discovery would exceed max-dynamic-vteps. */
  DYNAMIC_VTEP_LIMIT,
  /** The MAC is configured static elsewhere in the service (also counted as a conflict). */
  STATIC_MAC,
  /** The MAC is frozen by duplicate detection. */
  FROZEN_MAC,
  /** The proxy's input queue was full, or the proxy was closed. */
  OVERLOAD
}
