package org.evpn4j.bgp.rib;

import java.util.List;

/**
 * One page of a Loc-RIB read ({@code BgpSpeaker.locRibPage}): the paths of up to {@code limit}
 * destinations (each destination with all its paths), and where the next page starts. Immutable.
 *
 * @param next an opaque cursor for the next page (letters, digits, {@code -}, {@code _}, {@code .}),
 *     or null when this page reached the end
 */
public record RibPage(List<RibEntry> entries, String next) {
  public RibPage {
    entries = List.copyOf(entries);
  }
}
