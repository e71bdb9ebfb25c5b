package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;

/**
 * A 3-octet label field of an EVPN route (MPLS Label, MPLS Label1/Label2, ESI Label), kept as the
 * raw 24 bits so it round-trips whatever the peer meant. Two views:
 *
 * <ul>
 *   <li>{@link #vni()}: all 24 bits, the VXLAN Network Identifier (RFC 8365 §5.1.3: with VXLAN
 *       encapsulation the field carries the VNI);
 *   <li>{@link #mplsLabel()}: the high-order 20 bits, the MPLS label (RFC 7432 §7).
 * </ul>
 */
public record Label(int raw) implements Comparable<Label> {
  public static final int LENGTH = 3;
  public static final Label ZERO = new Label(0);

  public Label {
    checkArgument(raw >= 0 && raw <= 0xff_ffff, "label field out of range 0..16777215: %s", raw);
  }

  /** A label field carrying VNI {@code vni} (0..16777215). */
  public static Label ofVni(int vni) {
    checkArgument(vni >= 0 && vni <= 0xff_ffff, "vni out of range 0..16777215: %s", vni);
    return new Label(vni);
  }

  /** A label field carrying MPLS label {@code label} (0..1048575) in its high-order 20 bits. */
  public static Label ofMpls(int label) {
    checkArgument(label >= 0 && label <= 0xf_ffff, "mpls label out of range 0..1048575: %s", label);
    return new Label(label << 4);
  }

  public static Label decode(ByteBuf in) {
    return new Label(in.readUnsignedMedium());
  }

  public void encode(ByteBuf out) {
    out.writeMedium(raw);
  }

  /** All 24 bits: the VNI when the encapsulation is VXLAN. */
  public int vni() {
    return raw;
  }

  /** The high-order 20 bits: the MPLS label when the encapsulation is MPLS. */
  public int mplsLabel() {
    return raw >>> 4;
  }

  @Override
  public int compareTo(Label o) {
    return Integer.compare(raw, o.raw);
  }

  @Override
  public String toString() {
    return Integer.toString(raw);
  }
}
