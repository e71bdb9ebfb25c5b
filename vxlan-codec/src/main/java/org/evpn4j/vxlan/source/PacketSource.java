package org.evpn4j.vxlan.source;

import java.io.IOException;
import org.evpn4j.vxlan.VxlanCounters;

/**
 * Somewhere VXLAN packets come from: a UDP socket ({@link UdpPacketSource}), a pcap/pcapng file or
 * stream ({@link PcapPacketSource}) or the embedding program ({@link DirectPacketSource}). A
 * source decodes what it receives and hands sightings to one listener; its counters tell packets
 * received, sightings by kind and drops by reason. Listener calls never run on a Netty I/O thread.
 */
public interface PacketSource extends AutoCloseable {
  /** A short name for logs and state snapshots (e.g. {@code udp:0.0.0.0:4789}). */
  String name();

  /**
   * Starts delivering sightings to {@code listener}; may be called once.
   *
   * @throws IOException when the source cannot be opened (port in use, file missing)
   */
  void start(SightingListener listener) throws IOException;

  /** Live counters (readable from any thread). */
  VxlanCounters counters();

  /** Stops the source and releases its resources; idempotent. */
  @Override
  void close();
}
