package org.evpn4j.proxy.internal;

import com.google.common.net.InetAddresses;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.LearnSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's state file: what it learned, kept across restarts.
 *
 * <h2>Format (version 1)</h2>
 *
 * ASCII text, one record per line, fields {@code key=value} separated by one space, values
 * percent-encoded where they hold a space, {@code %}, {@code =} or a non-printable character:
 *
 * <pre>
 * evpn4j-proxy-state 1
 * written 2026-12-02T05:00:00.123Z
 * mac service=red vni=10100 mac=02:00:0a:00:00:01 vtep=192.0.2.1 ipv4=10.0.0.1 seq=2 sticky=0 frozen=0 active=1 source=ARP first=1764651600000 last=1764651600500
 * end entries=1 crc32=1c291ca3
 * </pre>
 *
 * The header names the format version; a reader refuses any other version. {@code ipv4} and
 * {@code ipv6} are optional. The trailer counts the {@code mac} lines and carries the CRC-32 of
 * every byte before it, so a torn or truncated write, or a hand edit, is detected. Forward
 * compatible: unknown fields of a record and unknown record kinds are ignored; a record missing a
 * field the reader needs, or with a value out of range, is refused.
 *
 * <h2>Crash safety</h2>
 *
 * {@link #write} writes a temporary file ({@code NAME.tmp}) in the same directory, forces it to
 * disk, renames it over the file with {@code ATOMIC_MOVE} and then forces the directory. A crash
 * at any point leaves either the old file or the new one, complete: the rename is atomic within
 * one file system (hence the same directory), the fsync before it makes sure the renamed file has
 * its content and not just its name (ext4/xfs may otherwise commit the rename first), and the
 * directory fsync makes the rename itself durable. A leftover temporary file is ignored and
 * deleted by {@link #load}. Writing in place, or rename without the fsync, could leave an empty or
 * half-written file after a power loss.
 *
 * <p>One writer per file: the proxy writes from one thread; two proxies must not share a file.
 */
public final class ProxyStateFile {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStateFile.class);
  public static final String MAGIC = "evpn4j-proxy-state";
  public static final int VERSION = 1;
  private static final DateTimeFormatter BAD_SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ProxyStateFile() {}

  /** What a state file holds. */
  public record State(Instant written, List<PersistedMac> macs) {
    public State {
      macs = List.copyOf(macs);
    }

    public static State empty() {
      return new State(null, List.of());
    }
  }

  /**
   * The outcome of {@link #load}: the state to restore, and what was wrong with the file, if
   * anything; {@code found} is false when there was no file (a first start).
   */
  public record Loaded(State state, int skippedAsAged, String problem, Path renamedTo, boolean found) {
    public Loaded(State state, int skippedAsAged, String problem, Path renamedTo) {
      this(state, skippedAsAged, problem, renamedTo, true);
    }
  }

  /** A state file that cannot be used, with the file and the line (or byte offset) named. */
  public static final class StateFileException extends IOException {
    public StateFileException(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------ writing

  /** The temporary file {@link #write} uses for {@code file}. */
  public static Path temporaryFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /** Writes {@code state} to {@code file} crash-safe (see the class comment); returns the bytes written. */
  public static long write(Path file, State state) throws IOException {
    Path tmp = temporaryFile(file);
    long size = writeTemporary(tmp, state);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(file);
    return size;
  }

  /** The first half of {@link #write}: the complete temporary file, forced to disk, not yet renamed. */
  static long writeTemporary(Path tmp, State state) throws IOException {
    Path dir = tmp.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    CRC32 crc = new CRC32();
    try (FileOutputStream fos = new FileOutputStream(tmp.toFile())) {
      CountingCrcStream body = new CountingCrcStream(new BufferedOutputStream(fos, 1 << 16), crc);
      StringBuilder line = new StringBuilder(256);
      line.append(MAGIC).append(' ').append(VERSION).append('\n');
      line.append("written ").append(state.written() == null ? Instant.EPOCH : state.written()).append('\n');
      body.writeAscii(line);
      for (PersistedMac m : state.macs()) {
        line.setLength(0);
        line.append("mac service=");
        escape(m.service(), line);
        line.append(" vni=").append(m.vni());
        line.append(" mac=").append(m.mac());
        line.append(" vtep=").append(InetAddresses.toAddrString(m.vtep()));
        if (m.ipv4() != null) {
          line.append(" ipv4=").append(InetAddresses.toAddrString(m.ipv4()));
        }
        if (m.ipv6() != null) {
          line.append(" ipv6=").append(InetAddresses.toAddrString(m.ipv6()));
        }
        line.append(" seq=").append(m.sequence());
        line.append(" sticky=").append(m.sticky() ? 1 : 0);
        line.append(" frozen=").append(m.frozen() ? 1 : 0);
        line.append(" active=").append(m.active() ? 1 : 0);
        line.append(" source=").append(m.source().name());
        line.append(" first=").append(m.firstSeen());
        line.append(" last=").append(m.lastSeen());
        line.append('\n');
        body.writeAscii(line);
      }
      line.setLength(0);
      line.append("end entries=").append(state.macs().size()).append(" crc32=")
          .append(String.format("%08x", crc.getValue())).append('\n');
      body.crc = null; // the trailer is not part of the checksum
      body.writeAscii(line);
      body.flush();
      fos.getChannel().force(true);
      return body.count;
    }
  }

  private static void forceDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some platforms cannot open a directory; the rename is then as durable as the OS makes it
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private static final class CountingCrcStream extends OutputStream {
    private final OutputStream out;
    CRC32 crc;
    long count;
    private byte[] buf = new byte[256];

    CountingCrcStream(OutputStream out, CRC32 crc) {
      this.out = out;
      this.crc = crc;
    }

    void writeAscii(CharSequence s) throws IOException {
      int n = s.length();
      if (buf.length < n) {
        buf = new byte[Math.max(n, buf.length * 2)];
      }
      for (int i = 0; i < n; i++) {
        buf[i] = (byte) s.charAt(i);
      }
      write(buf, 0, n);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (crc != null) {
        crc.update(b, off, len);
      }
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }

  private static void escape(String s, StringBuilder out) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '%' || c == '=') {
        out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      } else {
        out.append((char) c);
      }
    }
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("truncated %-escape in '" + s + "'");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad %-escape in '" + s + "'");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads {@code file}; refuses (with the file and the line or byte offset in the message) an
   * unknown version, a torn or truncated file, a bad checksum, garbage and inconsistent records.
   */
  public static State read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String where = "state file " + file;
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if ((c < 0x20 && c != '\n') || c >= 0x7f) {
        throw new StateFileException(where + ": byte offset " + i + ": not a text state file (byte 0x"
            + String.format("%02x", c) + ")");
      }
    }
    List<String> lines = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
        starts.add(start);
        start = i + 1;
      }
    }
    boolean unterminated = start < bytes.length;
    if (lines.isEmpty()) {
      throw new StateFileException(where + ": line 1: empty or truncated (no complete header line)");
    }
    String[] header = lines.get(0).split(" ", -1);
    if (header.length != 2 || !header[0].equals(MAGIC)) {
      throw new StateFileException(where + ": line 1: not an evpn4j proxy state file (expected: '" + MAGIC
          + " " + VERSION + "')");
    }
    if (!header[1].equals(Integer.toString(VERSION))) {
      throw new StateFileException(where + ": line 1: unsupported state file version '" + header[1]
          + "' (expected: " + VERSION + ")");
    }
    Instant written = null;
    List<PersistedMac> macs = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    int endLine = -1;
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      int lineNo = n + 1;
      String kind = line.indexOf(' ') < 0 ? line : line.substring(0, line.indexOf(' '));
      try {
        switch (kind) {
          case "written" -> written = Instant.parse(line.substring(kind.length()).trim());
          case "mac" -> {
            PersistedMac m = parseMac(fields(line, 3, MAC_FIELDS));
            if (!keys.add(m.service() + "\u0000" + m.mac())) {
              throw new IllegalArgumentException("MAC " + m.mac() + " of service '" + m.service()
                  + "' appears twice");
            }
            macs.add(m);
          }
          case "end" -> {
            endLine = n;
            Fields f = fields(line, 3, END_FIELDS);
            long entries = Long.parseLong(required(f, "entries"));
            String crcText = required(f, "crc32");
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, starts.get(n));
            String actual = String.format("%08x", crc.getValue());
            if (!actual.equalsIgnoreCase(crcText)) {
              throw new IllegalArgumentException("checksum mismatch: the file says crc32=" + crcText
                  + ", its content has crc32=" + actual + " (torn write or edited by hand)");
            }
            if (entries != macs.size()) {
              throw new IllegalArgumentException("the trailer counts " + entries + " entries, the file has "
                  + macs.size());
            }
          }
          case "" -> throw new IllegalArgumentException("empty line");
          default -> {
            // a record kind of a later version of this format: ignored
          }
        }
      } catch (RuntimeException e) {
        throw new StateFileException(where + ": line " + lineNo + ": " + e.getMessage());
      }
      if (endLine >= 0) {
        break;
      }
    }
    if (endLine < 0) {
      int lineNo = lines.size() + (unterminated ? 1 : 0);
      throw new StateFileException(where + ": line " + lineNo + " (byte offset " + bytes.length
          + "): truncated: no 'end' trailer line");
    }
    if (endLine != lines.size() - 1 || unterminated) {
      throw new StateFileException(where + ": line " + (endLine + 2) + " (byte offset "
          + (starts.get(endLine) + lines.get(endLine).length() + 1) + "): content after the 'end' trailer line");
    }
    return new State(written, macs);
  }

  private static final String[] MAC_FIELDS = {"service", "vni", "mac", "vtep", "ipv4", "ipv6", "seq", "sticky",
      "frozen", "active", "source", "first", "last"};
  private static final String[] END_FIELDS = {"entries", "crc32"};

  /** The known fields of one record (a scan without maps: a restart reads one line per MAC). */
  private static final class Fields {
    private final String[] keys;
    private final String[] values;

    Fields(String[] keys) {
      this.keys = keys;
      this.values = new String[keys.length];
    }

    String get(String key) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return values[i];
        }
      }
      throw new IllegalStateException("not a known field: " + key);
    }

    boolean containsKey(String key) {
      return get(key) != null;
    }
  }

  /** Reads the {@code key=value} fields of {@code text} from {@code from}; unknown keys are ignored. */
  private static Fields fields(String text, int from, String[] keys) {
    Fields f = new Fields(keys);
    int n = text.length();
    int i = from;
    while (i < n) {
      if (text.charAt(i) == ' ') {
        i++;
        continue;
      }
      int end = text.indexOf(' ', i);
      if (end < 0) {
        end = n;
      }
      int eq = text.indexOf('=', i);
      if (eq <= i || eq >= end) {
        throw new IllegalArgumentException("not a key=value field: '" + text.substring(i, end) + "'");
      }
      for (int k = 0; k < keys.length; k++) {
        String key = keys[k];
        if (key.length() == eq - i && text.regionMatches(i, key, 0, key.length())) {
          if (f.values[k] != null) {
            throw new IllegalArgumentException("field '" + key + "' appears twice");
          }
          f.values[k] = text.substring(eq + 1, end);
          break;
        }
      }
      i = end;
    }
    return f;
  }

  private static String required(Fields f, String key) {
    String v = f.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing field '" + key + "'");
    }
    return v;
  }

  private static PersistedMac parseMac(Fields f) {
    String service = unescape(required(f, "service"));
    int vni = (int) number(f, "vni", 0, 0xff_ffff);
    MacAddress mac = MacAddress.parse(required(f, "mac"));
    InetAddress vtep = address(f, "vtep");
    InetAddress ipv4 = f.containsKey("ipv4") ? address(f, "ipv4") : null;
    InetAddress ipv6 = f.containsKey("ipv6") ? address(f, "ipv6") : null;
    long seq = number(f, "seq", 0, 0xffff_ffffL);
    boolean sticky = flag(f, "sticky");
    boolean frozen = flag(f, "frozen");
    boolean active = flag(f, "active");
    LearnSource source;
    try {
      source = LearnSource.valueOf(required(f, "source"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source: unknown learn source '" + f.get("source") + "'");
    }
    long first = number(f, "first", 0, Long.MAX_VALUE);
    long last = number(f, "last", 0, Long.MAX_VALUE);
    return new PersistedMac(service, vni, mac, vtep, ipv4, ipv6, seq, sticky, frozen, active, source, first, last);
  }

  private static long number(Fields f, String key, long min, long max) {
    String v = required(f, key);
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a number: '" + v + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + ": out of range " + min + ".." + max + ": " + n);
    }
    return n;
  }

  private static boolean flag(Fields f, String key) {
    String v = required(f, key);
    return switch (v) {
      case "0" -> false;
      case "1" -> true;
      default -> throw new IllegalArgumentException(key + ": not 0 or 1: '" + v + "'");
    };
  }

  private static InetAddress address(Fields f, String key) {
    String v = required(f, key);
    try {
      return InetAddresses.forString(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": not an IP address: '" + v + "'");
    }
  }

  // ------------------------------------------------------------------ loading at start

  /**
   * Reads {@code file} for a starting proxy: a missing file is an empty state; a file that {@link
   * #read} refuses is logged, renamed aside ({@code NAME.bad-TIMESTAMP}, never overwritten) and
   * an empty state returned. Entries last seen {@code aging} or longer before {@code now} are left
   * out ({@code aging} zero: none). A leftover temporary file of an interrupted write is deleted.
   */
  public static Loaded load(Path file, Instant now, java.time.Duration aging) {
    Objects.requireNonNull(file, "file");
    try {
      Files.deleteIfExists(temporaryFile(file));
    } catch (IOException e) {
      LOG.warn("cannot delete the leftover temporary state file {}: {}", temporaryFile(file), e.toString());
    }
    State state;
    try {
      state = read(file);
    } catch (NoSuchFileException e) {
      return new Loaded(State.empty(), 0, null, null, false);
    } catch (IOException e) {
      String problem = e instanceof StateFileException ? e.getMessage() : "state file " + file + ": " + e;
      Path aside = file.resolveSibling(file.getFileName() + ".bad-" + BAD_SUFFIX.format(now));
      Path renamed = null;
      try {
        Files.move(file, aside);
        renamed = aside;
      } catch (IOException moveFailed) {
        LOG.error("cannot rename the refused state file {} to {}: {}", file, aside, moveFailed.toString());
      }
      LOG.error("{}; starting with an empty state{}", problem, renamed == null ? "" : " (the file is kept as "
          + renamed + ")");
      return new Loaded(State.empty(), 0, problem, renamed);
    }
    if (aging.isZero()) {
      return new Loaded(state, 0, null, null);
    }
    long cutoff = now.toEpochMilli() - aging.toMillis();
    List<PersistedMac> fresh = new ArrayList<>(state.macs().size());
    for (PersistedMac m : state.macs()) {
      if (m.sticky() || m.lastSeen() > cutoff) {
        fresh.add(m);
      }
    }
    return new Loaded(new State(state.written(), fresh), state.macs().size() - fresh.size(), null, null);
  }
}
