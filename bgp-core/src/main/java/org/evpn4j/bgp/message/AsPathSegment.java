package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;

/**
 * One AS_PATH/AS4_PATH segment: its type and 1..255 ASNs (unsigned 32-bit values). Immutable.
 */
public record AsPathSegment(Type type, List<Long> asns) {
  public AsPathSegment {
    Objects.requireNonNull(type, "type");
    asns = List.copyOf(Objects.requireNonNull(asns, "asns"));
    checkArgument(!asns.isEmpty() && asns.size() <= 255, "asns must hold 1..255 ASNs: %s", asns.size());
    for (Long a : asns) {
      checkArgument(a >= 0 && a <= 0xffffffffL, "asn out of range 0..4294967295: %s", a);
    }
  }

  public static AsPathSegment sequence(long... asns) {
    return new AsPathSegment(Type.AS_SEQUENCE, boxed(asns));
  }

  public static AsPathSegment set(long... asns) {
    return new AsPathSegment(Type.AS_SET, boxed(asns));
  }

  private static List<Long> boxed(long[] asns) {
    Long[] b = new Long[asns.length];
    for (int i = 0; i < asns.length; i++) {
      b[i] = asns[i];
    }
    return List.of(b);
  }

  /** Segment types: AS_SET 1, AS_SEQUENCE 2 (RFC 4271), AS_CONFED_SEQUENCE 3, AS_CONFED_SET 4 (RFC 5065). */
  public enum Type {
    AS_SET(1),
    AS_SEQUENCE(2),
    AS_CONFED_SEQUENCE(3),
    AS_CONFED_SET(4);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public boolean isConfederation() {
      return code >= 3;
    }

    /** The type for {@code code}, or null when it is not 1..4 (a malformed segment). */
    public static Type ofOrNull(int code) {
      return switch (code) {
        case 1 -> AS_SET;
        case 2 -> AS_SEQUENCE;
        case 3 -> AS_CONFED_SEQUENCE;
        case 4 -> AS_CONFED_SET;
        default -> null;
      };
    }
  }
}
