package org.evpn4j.vxlan.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.evpn4j.vxlan.GoldenFrames;
import org.evpn4j.vxlan.Hex;
import org.evpn4j.vxlan.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
  static final byte[] ARP = Hex.bytes(GoldenFrames.KERNEL_ARP_REQUEST);
  static final byte[] NA = Hex.bytes(GoldenFrames.KERNEL_NEIGHBOR_ADVERTISEMENT);

  static List<PcapPacket> readAll(byte[] file) throws IOException {
    List<PcapPacket> l = new ArrayList<>();
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
      PcapPacket p;
      while ((p = r.next()) != null) {
        l.add(p);
      }
    }
    return l;
  }

  static byte[] bytes(PcapPacket p) {
    return ByteBufUtil.getBytes(p.data());
  }

  @ParameterizedTest
  @ValueSource(strings = {"BIG_ENDIAN/micro", "LITTLE_ENDIAN/micro", "BIG_ENDIAN/nano", "LITTLE_ENDIAN/nano"})
  void writerAndReaderRoundTripBothByteOrdersAndPrecisions(String variant) throws IOException {
    ByteOrder order = variant.startsWith("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    boolean nanos = variant.endsWith("nano");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, nanos, order, 65535)) {
      w.write(1_700_000_000_123_456_789L, Unpooled.wrappedBuffer(ARP));
      w.write(1_700_000_001_000_000_001L, Unpooled.wrappedBuffer(NA), 1500);
    }
    List<PcapPacket> l = readAll(out.toByteArray());
    assertThat(l).hasSize(2);
    assertThat(bytes(l.get(0))).isEqualTo(ARP);
    assertThat(bytes(l.get(1))).isEqualTo(NA);
    assertThat(l.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
    assertThat(l.get(1).originalLength()).isEqualTo(1500);
    assertThat(l.get(0).timestampNanos()).isEqualTo(nanos ? 1_700_000_000_123_456_789L : 1_700_000_000_123_456_000L);
    assertThat(l.get(1).timestampNanos()).isEqualTo(nanos ? 1_700_000_001_000_000_001L : 1_700_000_001_000_000_000L);
  }

  /** A pcapng builder for tests: blocks in either byte order. */
  static final class Pcapng {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteOrder order;

    Pcapng(ByteOrder order) {
      this.order = order;
    }

    Pcapng block(int type, byte[] body) {
      int padded = (body.length + 3) & ~3;
      ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
      b.putInt(type).putInt(12 + padded).put(body).position(8 + padded);
      b.putInt(12 + padded);
      out.writeBytes(b.array());
      return this;
    }

    Pcapng shb() {
      ByteBuffer b = ByteBuffer.allocate(16).order(order);
      b.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
      return block(0x0a0d0d0a, b.array());
    }

    Pcapng idb(int linkType, int snap, int tsresol) {
      ByteBuffer b = ByteBuffer.allocate(tsresol < 0 ? 8 : 20).order(order);
      b.putShort((short) linkType).putShort((short) 0).putInt(snap);
      if (tsresol >= 0) {
        b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).putShort((short) 0).putShort((short) 0);
      }
      return block(1, b.array());
    }

    Pcapng epb(int itf, long ts, byte[] data, int orig) {
      ByteBuffer b = ByteBuffer.allocate(20 + ((data.length + 3) & ~3)).order(order);
      b.putInt(itf).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(orig).put(data);
      return block(6, b.array());
    }

    Pcapng spb(byte[] data) {
      ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(order);
      b.putInt(data.length).put(data);
      return block(3, b.array());
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pcapngBlocksInBothByteOrders(boolean bigEndian) throws IOException {
    ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] file = new Pcapng(order)
        .shb()
        .idb(1, 0, -1) // default microseconds
        .block(0x00000005, new byte[] {1, 2, 3, 4, 5}) // Interface Statistics: skipped
        .idb(276, 262144, 9) // nanoseconds, SLL2
        .epb(0, 1_700_000_000_000_001L, ARP, ARP.length)
        .epb(1, 1_700_000_000_000_000_002L, NA, 2000)
        .block(0x0badcafe, new byte[7]) // unknown: skipped
        .spb(ARP)
        .bytes();
    List<PcapPacket> l = readAll(file);
    assertThat(l).hasSize(3);
    assertThat(bytes(l.get(0))).isEqualTo(ARP);
    assertThat(l.get(0).timestampNanos()).isEqualTo(1_700_000_000_000_001_000L);
    assertThat(l.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
    assertThat(bytes(l.get(1))).isEqualTo(NA);
    assertThat(l.get(1).linkType()).isEqualTo(LinkType.LINUX_SLL2);
    assertThat(l.get(1).interfaceId()).isEqualTo(1);
    assertThat(l.get(1).originalLength()).isEqualTo(2000);
    assertThat(l.get(1).timestampNanos()).isEqualTo(1_700_000_000_000_000_002L);
    assertThat(bytes(l.get(2))).isEqualTo(ARP);
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
      assertThat(r.format()).isEqualTo(PcapReader.Format.PCAPNG);
    }
  }

  @Test
  void pcapngSecondSectionInTheOtherByteOrderResetsInterfaces() throws IOException {
    byte[] first = new Pcapng(ByteOrder.BIG_ENDIAN).shb().idb(1, 0, -1).epb(0, 0, ARP, ARP.length).bytes();
    byte[] second = new Pcapng(ByteOrder.LITTLE_ENDIAN).shb().idb(113, 0, 0x80 | 10).epb(0, 3L << 10, NA, NA.length).bytes();
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    List<PcapPacket> l = readAll(both);
    assertThat(l).extracting(PcapPacket::linkType).containsExactly(LinkType.ETHERNET, LinkType.LINUX_SLL);
    assertThat(l.get(1).timestampNanos()).as("2^-10 resolution").isEqualTo(3_000_000_000L);
    byte[] noIdb = new Pcapng(ByteOrder.LITTLE_ENDIAN).shb().epb(0, 0, NA, NA.length).bytes();
    byte[] stale = Arrays.copyOf(first, first.length + noIdb.length);
    System.arraycopy(noIdb, 0, stale, first.length, noIdb.length);
    assertThatThrownBy(() -> readAll(stale))
        .isInstanceOfSatisfying(PcapException.class, e -> assertThat(e.kind()).isEqualTo(PcapException.Kind.UNKNOWN_INTERFACE));
  }

  static PcapException.Kind errorOf(byte[] file) {
    try {
      readAll(file);
      return null;
    } catch (PcapException e) {
      return e.kind();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] pcap(ByteOrder order, int caplen, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(24 + 16 + data.length).order(order);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
    b.putInt(0).putInt(0).putInt(caplen).putInt(caplen).put(data);
    return b.array();
  }

  @Test
  void badFilesGiveTypedErrors() {
    assertThat(errorOf(new byte[0])).isEqualTo(PcapException.Kind.TRUNCATED);
    assertThat(errorOf(new byte[] {1, 2})).isEqualTo(PcapException.Kind.TRUNCATED);
    assertThat(errorOf("GET / HTTP/1.1\r\n\r\n".getBytes())).isEqualTo(PcapException.Kind.BAD_MAGIC);
    byte[] ok = pcap(ByteOrder.BIG_ENDIAN, ARP.length, ARP);
    assertThat(errorOf(ok)).isNull();
    assertThat(errorOf(Arrays.copyOf(ok, 20))).isEqualTo(PcapException.Kind.TRUNCATED);
    assertThat(errorOf(Arrays.copyOf(ok, 30))).isEqualTo(PcapException.Kind.TRUNCATED);
    assertThat(errorOf(Arrays.copyOf(ok, ok.length - 1))).isEqualTo(PcapException.Kind.TRUNCATED);
    // a 2 GiB record length is refused before anything is allocated or read
    assertThat(errorOf(pcap(ByteOrder.LITTLE_ENDIAN, 0x7fffffff, new byte[0]))).isEqualTo(PcapException.Kind.RECORD_TOO_LARGE);
    assertThat(errorOf(pcap(ByteOrder.LITTLE_ENDIAN, -1, new byte[0]))).isEqualTo(PcapException.Kind.RECORD_TOO_LARGE);
    byte[] v3 = ok.clone();
    v3[5] = 3;
    assertThat(errorOf(v3)).isEqualTo(PcapException.Kind.UNSUPPORTED_VERSION);
    byte[] ng = new Pcapng(ByteOrder.BIG_ENDIAN).shb().idb(1, 0, -1).epb(0, 0, ARP, ARP.length).bytes();
    byte[] badLen = ng.clone();
    badLen[ng.length - ARP.length - 40 + 7] = 13; // EPB total length not a multiple of 4
    assertThat(errorOf(badLen)).isIn(PcapException.Kind.BAD_BLOCK);
    byte[] badTrailer = ng.clone();
    badTrailer[ng.length - 1] ^= 4;
    assertThat(errorOf(badTrailer)).isEqualTo(PcapException.Kind.BAD_BLOCK);
    byte[] badBom = ng.clone();
    badBom[8] = 0;
    assertThat(errorOf(badBom)).isEqualTo(PcapException.Kind.BAD_MAGIC);
    assertThat(errorOf(Arrays.copyOf(ng, ng.length - 6))).isEqualTo(PcapException.Kind.TRUNCATED);
  }

  /** A pipe stands in for {@code tcpdump -U -w -}: packets are returned as soon as they arrive. */
  @Test
  void readsANonSeekableStreamPacketByPacket() throws Exception {
    PipedOutputStream writerEnd = new PipedOutputStream();
    InputStream readerEnd = new PipedInputStream(writerEnd, 1 << 16);
    PcapWriter w = new PcapWriter(writerEnd, LinkType.ETHERNET);
    w.write(1_000, Unpooled.wrappedBuffer(ARP));
    w.flush();
    try (PcapReader r = new PcapReader(readerEnd)) {
      assertThat(bytes(r.next())).isEqualTo(ARP); // the writer is still open
      w.write(2_000, Unpooled.wrappedBuffer(NA));
      w.flush();
      assertThat(bytes(r.next())).isEqualTo(NA);
      w.close();
      assertThat(r.next()).isNull();
    }
  }
}
