package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * Ethernet Segment Identifier (RFC 7432 §5): 10 octets, the first one the ESI type. Immutable;
 * equal octets are equal values. Every type round-trips byte-exact, including types above 5 and
 * non-zero "reserved" octets; the typed accessors read the layouts below and throw
 * {@link IllegalStateException} when asked for a field the ESI's type does not have.
 *
 * <pre>
 *  +---+---+---+---+---+---+---+---+---+---+
 *  | T |          ESI Value (9 octets)      |
 *  +---+---+---+---+---+---+---+---+---+---+
 *  T=0  operator configured: 9 arbitrary octets
 *  T=1  LACP:        CE LACP System MAC (6) | CE LACP Port Key (2) | 0x00
 *  T=2  bridged LAN: Root Bridge MAC (6)    | Root Bridge Priority (2) | 0x00
 *  T=3  MAC-based:   System MAC (6)         | Local Discriminator (3)
 *  T=4  router ID:   Router ID (4)          | Local Discriminator (4) | 0x00
 *  T=5  AS-based:    AS number (4)          | Local Discriminator (4) | 0x00
 * </pre>
 *
 * <p>Text form: 10 colon-separated lowercase hex octets ({@code "00:00:00:00:00:00:00:00:00:00"}),
 * parsed back by {@link #parse}. {@link #ZERO} is the single-homed ESI, {@link #MAX} (all 0xFF)
 * the reserved MAX-ESI.
 */
public final class EthernetSegmentId implements Comparable<EthernetSegmentId> {
  public static final int LENGTH = 10;
  public static final EthernetSegmentId ZERO = new EthernetSegmentId(0, 0);
  public static final EthernetSegmentId MAX = new EthernetSegmentId(-1L, 0xffff);

  /** ESI types (RFC 7432 §5). */
  public static final int TYPE_ARBITRARY = 0;
  public static final int TYPE_LACP = 1;
  public static final int TYPE_BRIDGED_LAN = 2;
  public static final int TYPE_MAC_BASED = 3;
  public static final int TYPE_ROUTER_ID = 4;
  public static final int TYPE_AS_BASED = 5;

  private final long high; // octets 0..7
  private final int low; // octets 8..9

  private EthernetSegmentId(long high, int low) {
    this.high = high;
    this.low = low;
  }

  /** Reads 10 octets. */
  public static EthernetSegmentId decode(ByteBuf in) {
    long h = in.readLong();
    int l = in.readUnsignedShort();
    return (h == 0 && l == 0) ? ZERO : new EthernetSegmentId(h, l);
  }

  /** From octets 0..7 and 8..9 as read off the wire; {@link #ZERO} when all are zero. */
  static EthernetSegmentId of(long high, int low) {
    return (high == 0 && low == 0) ? ZERO : new EthernetSegmentId(high, low);
  }

  public void encode(ByteBuf out) {
    out.writeLong(high);
    out.writeShort(low);
  }

  /** From exactly 10 octets. */
  public static EthernetSegmentId of(Bytes bytes) {
    Objects.requireNonNull(bytes, "bytes");
    checkArgument(bytes.length() == LENGTH, "esi must be 10 octets: %s", bytes.length());
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | bytes.getUnsigned(i);
    }
    return new EthernetSegmentId(h, (bytes.getUnsigned(8) << 8) | bytes.getUnsigned(9));
  }

  /** Type 0: nine operator-chosen octets. */
  public static EthernetSegmentId arbitrary(Bytes value) {
    Objects.requireNonNull(value, "value");
    checkArgument(value.length() == 9, "type 0 esi value must be 9 octets: %s", value.length());
    byte[] b = new byte[LENGTH];
    System.arraycopy(value.toByteArray(), 0, b, 1, 9);
    return of(Bytes.of(b));
  }

  /** Type 1: CE LACP system MAC and port key. */
  public static EthernetSegmentId lacp(MacAddress systemMac, int portKey) {
    Objects.requireNonNull(systemMac, "systemMac");
    checkArgument(portKey >= 0 && portKey <= 0xffff, "portKey out of range 0..65535: %s", portKey);
    return macLayout(TYPE_LACP, systemMac, ((long) portKey << 8));
  }

  /** Type 2: root bridge MAC and priority. */
  public static EthernetSegmentId bridgedLan(MacAddress rootBridgeMac, int rootBridgePriority) {
    Objects.requireNonNull(rootBridgeMac, "rootBridgeMac");
    checkArgument(rootBridgePriority >= 0 && rootBridgePriority <= 0xffff,
        "rootBridgePriority out of range 0..65535: %s", rootBridgePriority);
    return macLayout(TYPE_BRIDGED_LAN, rootBridgeMac, ((long) rootBridgePriority << 8));
  }

  /** Type 3: system MAC and 3-octet local discriminator. */
  public static EthernetSegmentId macBased(MacAddress systemMac, int localDiscriminator) {
    Objects.requireNonNull(systemMac, "systemMac");
    checkArgument(localDiscriminator >= 0 && localDiscriminator <= 0xff_ffff,
        "localDiscriminator out of range 0..16777215: %s", localDiscriminator);
    return macLayout(TYPE_MAC_BASED, systemMac, localDiscriminator);
  }

  /** Type 4: router ID and 4-octet local discriminator. */
  public static EthernetSegmentId routerId(Inet4Address routerId, long localDiscriminator) {
    Objects.requireNonNull(routerId, "routerId");
    byte[] a = routerId.getAddress();
    long id = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
    return fourFour(TYPE_ROUTER_ID, id, localDiscriminator);
  }

  /** Type 5: 4-octet AS number and 4-octet local discriminator. */
  public static EthernetSegmentId asBased(long asn, long localDiscriminator) {
    checkArgument(asn >= 0 && asn <= 0xffff_ffffL, "asn out of range 0..4294967295: %s", asn);
    return fourFour(TYPE_AS_BASED, asn, localDiscriminator);
  }

  private static EthernetSegmentId macLayout(int type, MacAddress mac, long tail24) {
    // octet 0 type, 1..6 MAC, 7..9 the 3-octet tail
    long h = ((long) type << 56) | (mac.value() << 8) | (tail24 >>> 16);
    return new EthernetSegmentId(h, (int) (tail24 & 0xffff));
  }

  private static EthernetSegmentId fourFour(int type, long first, long localDiscriminator) {
    checkArgument(localDiscriminator >= 0 && localDiscriminator <= 0xffff_ffffL,
        "localDiscriminator out of range 0..4294967295: %s", localDiscriminator);
    // octet 0 type, 1..4 first, 5..8 discriminator, 9 zero
    long h = ((long) type << 56) | (first << 24) | (localDiscriminator >>> 8);
    return new EthernetSegmentId(h, (int) ((localDiscriminator & 0xff) << 8));
  }

  /** Parses the text form: 10 hex octets separated by ':' (or '.', '-'). */
  public static EthernetSegmentId parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.trim().split("[:.\\-]", -1);
    checkArgument(parts.length == LENGTH, "not an ESI (expected 10 colon-separated hex octets): %s", text);
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      String p = parts[i];
      checkArgument(p.length() >= 1 && p.length() <= 2, "not an ESI (expected 10 colon-separated hex octets): %s", text);
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = Character.digit(p.charAt(j), 16);
        checkArgument(d >= 0, "not an ESI (expected 10 colon-separated hex octets): %s", text);
        v = (v << 4) | d;
      }
      b[i] = (byte) v;
    }
    return of(Bytes.of(b));
  }

  /** The ESI type, octet 0 (0..255; types above 5 are kept as they are). */
  public int type() {
    return (int) (high >>> 56);
  }

  public boolean isZero() {
    return high == 0 && low == 0;
  }

  public boolean isMax() {
    return high == -1L && low == 0xffff;
  }

  /** Octet {@code i} (0..9). */
  public int octet(int i) {
    checkArgument(i >= 0 && i < LENGTH, "octet index out of range 0..9: %s", i);
    return i < 8 ? (int) (high >>> (56 - 8 * i)) & 0xff : (low >>> (8 * (9 - i))) & 0xff;
  }

  public Bytes toBytes() {
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      b[i] = (byte) octet(i);
    }
    return Bytes.of(b);
  }

  /** The 9 octets after the type: type 0's operator-configured value (any type's raw value). */
  public Bytes value() {
    byte[] b = new byte[9];
    for (int i = 0; i < 9; i++) {
      b[i] = (byte) octet(i + 1);
    }
    return Bytes.of(b);
  }

  private long octetsAsLong(int from, int count) {
    long v = 0;
    for (int i = 0; i < count; i++) {
      v = (v << 8) | octet(from + i);
    }
    return v;
  }

  private void requireType(String field, int... types) {
    int t = type();
    for (int x : types) {
      if (x == t) {
        return;
      }
    }
    throw new IllegalStateException("ESI type " + t + " has no " + field);
  }

  /** Types 1 and 3: the (CE LACP) system MAC; type 2: the root bridge MAC. */
  public MacAddress mac() {
    requireType("MAC address", TYPE_LACP, TYPE_BRIDGED_LAN, TYPE_MAC_BASED);
    return MacAddress.of(octetsAsLong(1, 6));
  }

  /** Type 1: CE LACP port key. */
  public int lacpPortKey() {
    requireType("LACP port key", TYPE_LACP);
    return (int) octetsAsLong(7, 2);
  }

  /** Type 2: root bridge priority. */
  public int rootBridgePriority() {
    requireType("root bridge priority", TYPE_BRIDGED_LAN);
    return (int) octetsAsLong(7, 2);
  }

  /** Type 3: 3-octet local discriminator; types 4 and 5: 4-octet local discriminator. */
  public long localDiscriminator() {
    requireType("local discriminator", TYPE_MAC_BASED, TYPE_ROUTER_ID, TYPE_AS_BASED);
    return type() == TYPE_MAC_BASED ? octetsAsLong(7, 3) : octetsAsLong(5, 4);
  }

  /** Type 4: router ID. */
  public Inet4Address routerId() {
    requireType("router ID", TYPE_ROUTER_ID);
    long v = octetsAsLong(1, 4);
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {
          (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Type 5: AS number. */
  public long asn() {
    requireType("AS number", TYPE_AS_BASED);
    return octetsAsLong(1, 4);
  }

  @Override
  public int compareTo(EthernetSegmentId o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Integer.compare(low, o.low);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EthernetSegmentId e && e.high == high && e.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + low;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(29);
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0) {
        sb.append(':');
      }
      int b = octet(i);
      sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
