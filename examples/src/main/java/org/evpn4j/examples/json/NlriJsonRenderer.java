package org.evpn4j.examples.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.evpn4j.bgp.message.Nlri;

/**
 * Renders the NLRI of one family (e.g. EVPN routes, from bgp-evpn) for {@link MessageJson}.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface NlriJsonRenderer {
  /**
   * When {@code nlri} (never an add-path wrapper: {@link MessageJson} writes {@code "pathId"}
   * itself) is a value this renderer knows, writes the members of its JSON object (the object is
   * already begun and is ended by the caller) and returns true; otherwise writes nothing and
   * returns false.
   */
  boolean render(Nlri nlri, JsonGenerator out) throws IOException;
}
