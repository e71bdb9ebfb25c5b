package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Afi;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.UnknownCapability;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Capability 5 (RFC 8950): any value bytes give a typed or unknown capability that re-encodes byte-exact. */
class ExtendedNextHopCapabilityPropertiesTest {
  private final BgpMessageDecoder decoder = BgpMessageDecoder.standard();
  private final BgpMessageEncoder encoder = BgpMessageEncoder.standard();

  /** An OPEN whose only capability is code 5 with {@code value}. */
  static byte[] openWithCapability5(byte[] value) {
    int capLength = 2 + value.length;
    int length = 19 + 10 + 2 + capLength;
    byte[] m = new byte[length];
    java.util.Arrays.fill(m, 0, 16, (byte) 0xff);
    int i = 16;
    m[i++] = (byte) (length >>> 8);
    m[i++] = (byte) length;
    m[i++] = 1;                                 // OPEN
    m[i++] = 4;                                 // version
    m[i++] = (byte) 0xfd;                       // my AS 65001
    m[i++] = (byte) 0xe9;
    m[i++] = 0;                                 // hold time 90
    m[i++] = 90;
    m[i++] = (byte) 192;                        // BGP identifier 192.0.2.1
    m[i++] = 0;
    m[i++] = 2;
    m[i++] = 1;
    m[i++] = (byte) (2 + capLength);            // optional parameters length
    m[i++] = 2;                                 // parameter: capabilities
    m[i++] = (byte) capLength;
    m[i++] = 5;                                 // capability 5, extended next hop
    m[i++] = (byte) value.length;
    System.arraycopy(value, 0, m, i, value.length);
    return m;
  }

  @Property(tries = 10_000)
  void anyValueDecodesToTypedOrUnknownAndReencodesByteExact(@ForAll @Size(max = 250) byte[] value) {
    byte[] wire = openWithCapability5(value);
    DecodeResult r = decoder.decode(wire, DecodeContext.DEFAULT);
    assertThat(r.errors()).isEmpty();
    Capability c = ((OpenMessage) r.message()).capabilities().get(0);
    boolean wellFormed = value.length > 0 && value.length % 6 == 0 && safisFitOneOctet(value);
    assertThat(c).isInstanceOf(wellFormed ? ExtendedNextHopCapability.class : UnknownCapability.class);
    assertThat(encoder.encode(r.message(), DecodeContext.DEFAULT)).isEqualTo(wire);
  }

  private static boolean safisFitOneOctet(byte[] v) {
    for (int i = 2; i < v.length; i += 6) {
      if (v[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<ExtendedNextHopCapability> capabilities() {
    return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 0xff),
            Arbitraries.integers().between(0, 0xffff))
        .as((afi, safi, nh) -> new ExtendedNextHopCapability.Entry(AddressFamily.of(afi, safi), Afi.of(nh)))
        .list().ofMinSize(1).ofMaxSize(42).map(ExtendedNextHopCapability::new);
  }

  @Property(tries = 2_000)
  void decodeOfEncodeIsTheSameCapability(@ForAll("capabilities") ExtendedNextHopCapability c) {
    OpenMessage open = OpenMessage.of(65001, 90, org.evpn4j.bgp.internal.InetText.ipv4Address(0xc0000201), List.of(c));
    DecodeResult r = decoder.decode(encoder.encode(open, DecodeContext.DEFAULT), DecodeContext.DEFAULT);
    assertThat(r.errors()).isEmpty();
    assertThat(((OpenMessage) r.message()).capabilities()).containsExactly(c);
  }
}
