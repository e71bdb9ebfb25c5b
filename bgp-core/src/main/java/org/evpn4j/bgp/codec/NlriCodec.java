package org.evpn4j.bgp.codec;

import io.netty.buffer.ByteBuf;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;

/**
 * Decodes and encodes the NLRI of one address family. Registered in {@link BgpCodecs}; bgp-core
 * supplies IPv4 and IPv6 unicast, bgp-evpn supplies L2VPN EVPN.
 *
 * <p>The caller handles RFC 7911 path identifiers: {@link #decode} and {@link #encode} see the
 * family's own encoding only, never an {@link org.evpn4j.bgp.message.AddPathNlri}.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface NlriCodec {
  AddressFamily family();

  /**
   * Reads exactly one NLRI from {@code in}, which holds the rest of the NLRI field (its writer
   * index is the end of the field: nothing past it may be read).
   *
   * @throws MalformedNlriException when the bytes are not a valid NLRI of this family; the
   *     exception says whether the codec could step over the bad entry
   */
  Nlri decode(ByteBuf in, DecodeContext context) throws MalformedNlriException;

  /** Writes {@code nlri} (a value of this family, not add-path wrapped) to {@code out}. */
  void encode(Nlri nlri, ByteBuf out);

  /** The number of bytes {@link #encode} writes for {@code nlri}. */
  int encodedLength(Nlri nlri);

  /**
   * Whether an MP_REACH_NLRI next-hop field of {@code length} bytes is valid for this family
   * (RFC 7606 §7.11: an invalid length is an error for the whole family). Default: 4 (IPv4), 16
   * (IPv6 global) or 32 (IPv6 global + link-local).
   */
  default boolean isValidNextHopLength(int length) {
    return length == 4 || length == 16 || length == 32;
  }
}
