package org.evpn4j.vxlan.pcap;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evpn4j.vxlan.LinkType;

/**
 * Reads classic pcap and pcapng from any {@link InputStream}, including non-seekable ones such as
 * {@code tcpdump -U -w -} on standard input: the format is told from the first four bytes and
 * everything is read strictly forward.
 *
 * <p>Classic pcap: both byte orders, microsecond (magic 0xa1b2c3d4) and nanosecond (0xa1b23c4d)
 * timestamps. pcapng: Section Header, Interface Description, Enhanced Packet and Simple Packet
 * blocks in either byte order, several sections; other blocks are skipped. Any link type is
 * passed on (the decoder reads Ethernet, raw IP, Linux SLL and SLL2).
 *
 * <p>Bad input ends in a {@link PcapException} naming what is wrong; a record or block larger than
 * {@code maxRecordBytes} is refused before anything is allocated for it, so a corrupt length can
 * neither exhaust memory nor make the reader wait for bytes that never come beyond end of stream.
 * Not thread-safe.
 */
public final class PcapReader implements Closeable {
  /** Default limit on one record's captured bytes (and a pcapng block's total length). */
  public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

  private static final int PCAP_MICRO = 0xa1b2c3d4;
  private static final int PCAP_NANO = 0xa1b23c4d;
  private static final int SHB = 0x0a0d0d0a;
  private static final int IDB = 0x00000001;
  private static final int SPB = 0x00000003;
  private static final int EPB = 0x00000006;
  private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;

  /** Format of the stream, told from its first bytes. */
  public enum Format {
    PCAP,
    PCAPNG
  }

  private final InputStream in;
  private final int maxRecordBytes;
  private final byte[] header = new byte[28];
  private long offset;
  private Format format;
  private boolean bigEndian;
  // classic pcap
  private boolean nanos;
  private LinkType pcapLinkType;
  // pcapng, per section
  private final List<Interface> interfaces = new ArrayList<>();

  private record Interface(LinkType linkType, long snapLength, boolean binaryResolution, int resolutionExponent) {}

  public PcapReader(InputStream in) {
    this(in, DEFAULT_MAX_RECORD_BYTES);
  }

  public PcapReader(InputStream in, int maxRecordBytes) {
    Objects.requireNonNull(in, "in");
    checkArgument(maxRecordBytes >= 64, "maxRecordBytes must be at least 64: %s", maxRecordBytes);
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static PcapReader open(Path file) throws IOException {
    return new PcapReader(new BufferedInputStream(Files.newInputStream(file), 65536));
  }

  /** The stream's format, reading its header if no packet was read yet. */
  public Format format() throws IOException {
    ensureHeader();
    return format;
  }

  /** Link type of a classic pcap file, or of the first pcapng interface seen so far (null if none yet). */
  public LinkType linkType() throws IOException {
    ensureHeader();
    if (format == Format.PCAP) {
      return pcapLinkType;
    }
    return interfaces.isEmpty() ? null : interfaces.get(0).linkType;
  }

  /** The next packet, or null at the end of the stream. */
  public PcapPacket next() throws IOException {
    if (!ensureHeader()) {
      return null;
    }
    return format == Format.PCAP ? nextPcap() : nextPcapng();
  }

  private boolean ensureHeader() throws IOException {
    if (format != null) {
      return true;
    }
    int n = readUpTo(header, 0, 4);
    if (n == 0) {
      throw new PcapException(PcapException.Kind.TRUNCATED, 0, "empty stream: no pcap header");
    }
    if (n < 4) {
      throw new PcapException(PcapException.Kind.TRUNCATED, offset, "stream ends inside the file header");
    }
    int be = int32(header, 0, true);
    int le = int32(header, 0, false);
    if (be == PCAP_MICRO || be == PCAP_NANO || le == PCAP_MICRO || le == PCAP_NANO) {
      readFully(header, 4, 20, "pcap file header");
      bigEndian = be == PCAP_MICRO || be == PCAP_NANO;
      nanos = (bigEndian ? be : le) == PCAP_NANO;
      int major = uint16(header, 4);
      if (major != 2) {
        throw new PcapException(PcapException.Kind.UNSUPPORTED_VERSION, 4, "pcap version " + major + "." + uint16(header, 6));
      }
      // LinkType and FCS info (pcap spec): link type in the low 16 bits, FCS bits above.
      pcapLinkType = LinkType.of(int32(header, 20, bigEndian) & 0xffff);
      format = Format.PCAP;
      return true;
    }
    if (be == SHB) {
      format = Format.PCAPNG;
      readFully(header, 4, 4, "section header");
      readSectionHeader(0);
      return true;
    }
    throw new PcapException(PcapException.Kind.BAD_MAGIC, 0, String.format("not a pcap or pcapng stream: magic 0x%08x", be));
  }

  /*
   * Classic pcap record header (16 bytes, file byte order):
   *   ts_sec(32) ts_usec_or_nsec(32) incl_len(32) orig_len(32), then incl_len bytes.
   */
  private PcapPacket nextPcap() throws IOException {
    int n = readUpTo(header, 0, 16);
    if (n == 0) {
      return null;
    }
    if (n < 16) {
      throw new PcapException(PcapException.Kind.TRUNCATED, offset, "stream ends inside a record header");
    }
    long sec = int32(header, 0, bigEndian) & 0xffffffffL;
    long frac = int32(header, 4, bigEndian) & 0xffffffffL;
    long caplen = int32(header, 8, bigEndian) & 0xffffffffL;
    long origlen = int32(header, 12, bigEndian) & 0xffffffffL;
    if (caplen > maxRecordBytes) {
      throw new PcapException(PcapException.Kind.RECORD_TOO_LARGE, offset - 16,
          "record of " + caplen + " bytes exceeds the limit of " + maxRecordBytes);
    }
    byte[] data = new byte[(int) caplen];
    readFully(data, 0, data.length, "record data");
    long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
    return new PcapPacket(ts, pcapLinkType, origlen, 0, Unpooled.wrappedBuffer(data).asReadOnly());
  }

  /*
   * pcapng generic block: Block Type(32) Block Total Length(32) Body... Block Total Length(32).
   * The total length includes the 12 bytes of framing and is a multiple of 4.
   */
  private PcapPacket nextPcapng() throws IOException {
    while (true) {
      int n = readUpTo(header, 0, 8);
      if (n == 0) {
        return null;
      }
      if (n < 8) {
        throw new PcapException(PcapException.Kind.TRUNCATED, offset, "stream ends inside a block header");
      }
      long blockStart = offset - 8;
      int type = int32(header, 0, bigEndian);
      if (type == SHB) {
        readSectionHeader(blockStart);
        continue;
      }
      long total = int32(header, 4, bigEndian) & 0xffffffffL;
      if (total < 12 || (total & 3) != 0) {
        throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart, "block total length " + total);
      }
      int body = (int) Math.min(total - 12, Integer.MAX_VALUE);
      if (type != EPB && type != SPB && type != IDB) {
        skipFully(total - 12);
        checkTrailer(total, blockStart);
        continue;
      }
      if (total > maxRecordBytes + 64L) {
        throw new PcapException(PcapException.Kind.RECORD_TOO_LARGE, blockStart,
            "block of " + total + " bytes exceeds the limit of " + (maxRecordBytes + 64));
      }
      byte[] b = new byte[body];
      readFully(b, 0, body, "block body");
      checkTrailer(total, blockStart);
      if (type == IDB) {
        readInterface(b, blockStart);
        continue;
      }
      return type == EPB ? enhancedPacket(b, blockStart) : simplePacket(b, blockStart);
    }
  }

  /*
   * Section Header Block: Type 0x0A0D0D0A(32) Total Length(32) Byte-Order Magic 0x1A2B3C4D(32)
   *   Major(16) Minor(16) Section Length(64) Options... Total Length(32).
   * The byte-order magic sets the byte order of the whole section, including its own length.
   */
  private void readSectionHeader(long blockStart) throws IOException {
    // header[0..8] holds the block type and the (not yet interpretable) total length.
    readFully(header, 8, 4, "section header");
    int bom = int32(header, 8, true);
    if (bom == BYTE_ORDER_MAGIC) {
      bigEndian = true;
    } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
      bigEndian = false;
    } else {
      throw new PcapException(PcapException.Kind.BAD_MAGIC, blockStart + 8, String.format("bad pcapng byte-order magic 0x%08x", bom));
    }
    long total = int32(header, 4, bigEndian) & 0xffffffffL;
    if (total < 28 || (total & 3) != 0 || total > maxRecordBytes + 64L) {
      throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart, "section header block total length " + total);
    }
    readFully(header, 12, 4, "section header");
    int major = uint16(header, 12);
    if (major != 1) {
      throw new PcapException(PcapException.Kind.UNSUPPORTED_VERSION, blockStart + 12, "pcapng version " + major);
    }
    skipFully(total - 16 - 4);
    checkTrailer(total, blockStart);
    interfaces.clear();
  }

  /*
   * Interface Description Block body: LinkType(16) Reserved(16) SnapLen(32) Options...
   * Option if_tsresol (9, 1 byte): bit 7 clear = 10^-n seconds, set = 2^-n; default 10^-6.
   * Options: Code(16) Length(16) Value padded to 4; opt_endofopt (0) ends them.
   */
  private void readInterface(byte[] b, long blockStart) throws PcapException {
    if (b.length < 8) {
      throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart, "interface description block too short");
    }
    LinkType lt = LinkType.of(uint16(b, 0));
    long snap = int32(b, 4, bigEndian) & 0xffffffffL;
    boolean binary = false;
    int exponent = 6;
    int o = 8;
    while (b.length - o >= 4) {
      int code = uint16(b, o);
      int len = uint16(b, o + 2);
      if (code == 0 || len > b.length - o - 4) {
        break;
      }
      if (code == 9 && len == 1) {
        int v = b[o + 4] & 0xff;
        binary = (v & 0x80) != 0;
        exponent = v & 0x7f;
      }
      o += 4 + ((len + 3) & ~3);
    }
    interfaces.add(new Interface(lt, snap, binary, exponent));
  }

  /*
   * Enhanced Packet Block body: Interface ID(32) Timestamp high(32) Timestamp low(32)
   *   Captured Length(32) Original Length(32) Packet Data (padded to 4) Options...
   */
  private PcapPacket enhancedPacket(byte[] b, long blockStart) throws PcapException {
    if (b.length < 20) {
      throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart, "enhanced packet block too short");
    }
    int id = int32(b, 0, bigEndian);
    Interface itf = interfaceOf(id, blockStart);
    long ts = ((int32(b, 4, bigEndian) & 0xffffffffL) << 32) | (int32(b, 8, bigEndian) & 0xffffffffL);
    long cap = int32(b, 12, bigEndian) & 0xffffffffL;
    long orig = int32(b, 16, bigEndian) & 0xffffffffL;
    if (cap > b.length - 20) {
      throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart, "captured length " + cap + " overruns the block");
    }
    return new PcapPacket(toNanos(ts, itf), itf.linkType, orig, id,
        Unpooled.wrappedBuffer(b, 20, (int) cap).asReadOnly());
  }

  /*
   * Simple Packet Block body: Original Packet Length(32) Packet Data (padded to 4). Captured
   * length = min(original length, interface 0's snap length, body - 4); no timestamp.
   */
  private PcapPacket simplePacket(byte[] b, long blockStart) throws PcapException {
    if (b.length < 4) {
      throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart, "simple packet block too short");
    }
    Interface itf = interfaceOf(0, blockStart);
    long orig = int32(b, 0, bigEndian) & 0xffffffffL;
    long cap = Math.min(orig, b.length - 4L);
    if (itf.snapLength != 0) {
      cap = Math.min(cap, itf.snapLength);
    }
    return new PcapPacket(0, itf.linkType, orig, 0, Unpooled.wrappedBuffer(b, 4, (int) cap).asReadOnly());
  }

  private Interface interfaceOf(int id, long blockStart) throws PcapException {
    if (id < 0 || id >= interfaces.size()) {
      throw new PcapException(PcapException.Kind.UNKNOWN_INTERFACE, blockStart,
          "packet block names interface " + (id & 0xffffffffL) + " but " + interfaces.size() + " are described");
    }
    return interfaces.get(id);
  }

  private static long toNanos(long ts, Interface itf) {
    int e = itf.resolutionExponent;
    if (itf.binaryResolution) {
      if (e >= 63) {
        return 0;
      }
      long whole = ts >>> e;
      long frac = ts & ((1L << e) - 1);
      return whole * 1_000_000_000L + (e <= 30 ? (frac * 1_000_000_000L) >>> e : (long) (frac * 1e9 / Math.pow(2, e)));
    }
    if (e <= 9) {
      long m = 1;
      for (int i = e; i < 9; i++) {
        m *= 10;
      }
      return ts * m;
    }
    long d = 1;
    for (int i = 9; i < e && i < 28; i++) {
      d *= 10;
      if (d > Long.MAX_VALUE / 10) {
        break;
      }
    }
    return ts / d;
  }

  private void checkTrailer(long total, long blockStart) throws IOException {
    readFully(header, 24, 4, "block trailer");
    long trailer = int32(header, 24, bigEndian) & 0xffffffffL;
    if (trailer != total) {
      throw new PcapException(PcapException.Kind.BAD_BLOCK, blockStart,
          "block trailer length " + trailer + " differs from header length " + total);
    }
  }

  private int readUpTo(byte[] b, int off, int len) throws IOException {
    int n = in.readNBytes(b, off, len);
    offset += n;
    return n;
  }

  private void readFully(byte[] b, int off, int len, String what) throws IOException {
    int n = readUpTo(b, off, len);
    if (n < len) {
      throw new PcapException(PcapException.Kind.TRUNCATED, offset, "stream ends inside " + what);
    }
  }

  private void skipFully(long n) throws IOException {
    long left = n;
    byte[] scratch = null;
    while (left > 0) {
      long s = in.skip(left);
      if (s > 0) {
        left -= s;
        offset += s;
        continue;
      }
      if (scratch == null) {
        scratch = new byte[(int) Math.min(8192, left)];
      }
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (r < 0) {
        throw new PcapException(PcapException.Kind.TRUNCATED, offset, "stream ends inside a skipped block");
      }
      left -= r;
      offset += r;
    }
  }

  private int uint16(byte[] b, int o) {
    return bigEndian ? ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff) : ((b[o + 1] & 0xff) << 8) | (b[o] & 0xff);
  }

  private static int int32(byte[] b, int o, boolean bigEndian) {
    int v = ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    return bigEndian ? v : Integer.reverseBytes(v);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
