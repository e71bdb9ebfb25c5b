package org.evpn4j.vxlan.pcap;

import java.io.IOException;
import java.util.Objects;

/** A pcap or pcapng file that cannot be read, with what is wrong as a {@link Kind}. */
public final class PcapException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the file. */
  public enum Kind {
    /** Neither a pcap magic number nor a pcapng Section Header Block. */
    BAD_MAGIC,
    /** A file format version this reader does not know. */
    UNSUPPORTED_VERSION,
    /** The file ends inside a header, record or block. */
    TRUNCATED,
    /** A record or block larger than the reader's limit. */
    RECORD_TOO_LARGE,
    /** A pcapng block whose length is impossible or whose trailer does not match. */
    BAD_BLOCK,
    /** A pcapng packet block naming an interface no IDB described. */
    UNKNOWN_INTERFACE
  }

  private final Kind kind;
  private final long offset;

  public PcapException(Kind kind, long offset, String message) {
    super(message + " (at byte " + offset + ")");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.offset = offset;
  }

  public Kind kind() {
    return kind;
  }

  /** Byte offset in the stream where the problem was found. */
  public long offset() {
    return offset;
  }
}
