package org.evpn4j.proxy;

/** How a service's route targets are chosen when none are configured. */
public enum RouteTargetMode {
  /** "local-AS:EVI" (2-octet AS form when the AS fits in 2 octets, else 4-octet AS form). */
  ASN_EVI,
  /** RFC 8365 §5.1.2.1 auto-derivation from the local AS and the VNI. */
  AUTO_DERIVED
}
