package org.evpn4j.bgp.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.AddressFamily;

/**
 * UPDATE (RFC 4271 §4.3). Immutable.
 *
 * <pre>
 *  +-----------------------------------------------------+
 *  |   Withdrawn Routes Length (2 octets)                |
 *  |   Withdrawn Routes (variable)                       |  IPv4 unicast prefixes
 *  |   Total Path Attribute Length (2 octets)            |
 *  |   Path Attributes (variable)                        |
 *  |   Network Layer Reachability Information (variable) |  IPv4 unicast prefixes
 *  +-----------------------------------------------------+
 * </pre>
 *
 * <p>The encoder writes attributes in list order. Decoded attributes appear in wire order (so a
 * decoded UPDATE re-encodes byte-exact, whatever order the peer used: GoBGP, for one, sends
 * MP_REACH_NLRI after ORIGIN and AS_PATH). To originate an UPDATE use {@link #of}, which puts
 * MP_REACH_NLRI and MP_UNREACH_NLRI first as RFC 7606 §5.1 asks. Attributes that RFC 7606
 * discards ("attribute-discard", duplicates) are not in the list; the decode verdict names them.
 *
 * @param withdrawn IPv4 unicast routes of the Withdrawn Routes field ({@link AddPathNlri} with add-path)
 * @param nlri IPv4 unicast routes of the NLRI field
 */
public record UpdateMessage(List<Nlri> withdrawn, List<PathAttribute> attributes, List<Nlri> nlri)
    implements BgpMessage {

  /** The End-of-RIB marker for IPv4 unicast (RFC 4724 §2): an empty UPDATE. */
  public static final UpdateMessage END_OF_RIB_IPV4_UNICAST = new UpdateMessage(List.of(), List.of(), List.of());

  public UpdateMessage {
    withdrawn = List.copyOf(Objects.requireNonNull(withdrawn, "withdrawn"));
    attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
    nlri = List.copyOf(Objects.requireNonNull(nlri, "nlri"));
  }

  /**
   * An UPDATE to send: the attributes reordered so that MP_UNREACH_NLRI and MP_REACH_NLRI come
   * first (RFC 7606 §5.1), the others keeping their relative order.
   */
  public static UpdateMessage of(List<? extends Nlri> withdrawn, List<? extends PathAttribute> attributes,
      List<? extends Nlri> nlri) {
    java.util.ArrayList<PathAttribute> ordered = new java.util.ArrayList<>(attributes.size());
    for (PathAttribute a : attributes) {
      if (a instanceof MpUnreachNlri) {
        ordered.add(a);
      }
    }
    for (PathAttribute a : attributes) {
      if (a instanceof MpReachNlri) {
        ordered.add(a);
      }
    }
    for (PathAttribute a : attributes) {
      if (!(a instanceof MpReachNlri) && !(a instanceof MpUnreachNlri)) {
        ordered.add(a);
      }
    }
    return new UpdateMessage(List.copyOf(withdrawn), ordered, List.copyOf(nlri));
  }

  /** The End-of-RIB marker for {@code family} (RFC 4724 §2). */
  public static UpdateMessage endOfRib(AddressFamily family) {
    if (family.equals(AddressFamily.IPV4_UNICAST)) {
      return END_OF_RIB_IPV4_UNICAST;
    }
    return new UpdateMessage(List.of(), List.of(MpUnreachNlri.of(family, List.of())), List.of());
  }

  /** The first attribute of class {@code type}. */
  public <T extends PathAttribute> Optional<T> attribute(Class<T> type) {
    for (PathAttribute a : attributes) {
      if (type.isInstance(a)) {
        return Optional.of(type.cast(a));
      }
    }
    return Optional.empty();
  }

  /** The first attribute with type code {@code code}, or null. */
  public PathAttribute attributeOrNull(int code) {
    for (PathAttribute a : attributes) {
      if (a.code() == code) {
        return a;
      }
    }
    return null;
  }

  /** The family whose End-of-RIB marker this is (RFC 4724 §2), if it is one. */
  public Optional<AddressFamily> endOfRibFamily() {
    if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
      return Optional.empty();
    }
    if (attributes.isEmpty()) {
      return Optional.of(AddressFamily.IPV4_UNICAST);
    }
    if (attributes.size() == 1 && attributes.get(0) instanceof MpUnreachNlri u
        && u.withdrawn().isEmpty() && u.unparsedWithdrawn().isEmpty()) {
      return Optional.of(u.family());
    }
    return Optional.empty();
  }

  @Override
  public MessageType type() {
    return MessageType.UPDATE;
  }
}
