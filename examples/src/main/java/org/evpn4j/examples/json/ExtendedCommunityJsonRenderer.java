package org.evpn4j.examples.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * Renders extended communities of some kinds (e.g. the EVPN ones, from bgp-evpn) for
 * {@link MessageJson}. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface ExtendedCommunityJsonRenderer {
  /**
   * When {@code community} is of a kind this renderer knows, writes the members of its JSON
   * object, starting with {@code "type"} (the object is already begun and is ended by the caller),
   * and returns true; otherwise writes nothing and returns false.
   */
  boolean render(ExtendedCommunity community, JsonGenerator out) throws IOException;
}
