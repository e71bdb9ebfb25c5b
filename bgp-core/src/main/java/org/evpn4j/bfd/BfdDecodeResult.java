package org.evpn4j.bfd;

import java.util.Objects;

/**
 * What decoding a received BFD Control packet gives: the packet, or why it was dropped.
 *
 * <p>Thread-safe: instances never change.
 */
public sealed interface BfdDecodeResult {

  /** A packet that passed the RFC 5880 §6.8.6 rules the packet alone decides. */
  record Decoded(BfdControlPacket packet) implements BfdDecodeResult {
    public Decoded {
      Objects.requireNonNull(packet, "packet");
    }
  }

  /** A discarded packet: the rule and a message with the values, e.g. {@code "version 2 (expected: 1)"}. */
  record Dropped(BfdDropReason reason, String detail) implements BfdDecodeResult {
    public Dropped {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
