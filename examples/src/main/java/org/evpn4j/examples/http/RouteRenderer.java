package org.evpn4j.examples.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;

/**
 * How {@code GET /rib/...} renders an NLRI and a path attribute: the same JSON as {@code evpn4j
 * decode} prints (its message renderer plugs in here). Thread-safe.
 */
public interface RouteRenderer {
  /** Writes {@code nlri} as one JSON value. */
  void nlri(Nlri nlri, JsonGenerator out) throws IOException;

  /** Writes {@code attribute} as one JSON object. */
  void attribute(PathAttribute attribute, JsonGenerator out) throws IOException;
}
