package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.LearnSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: format round trip, crash safety, and every way a file is refused. */
class ProxyStateFileTest {
  static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
  static final long T = NOW.toEpochMilli();

  @TempDir
  Path dir;

  static ProxyStateFile.State state() {
    return new ProxyStateFile.State(NOW, List.of(
        new PersistedMac("mac-vrf-evi10", VNI, M1, V1, H1, V6, 2, false, false, true, LearnSource.ARP, T - 5_000,
            T - 1_000),
        new PersistedMac("red service=odd%name", 10100, M2, V6, null, ip("2001:db8::2"), 4_294_967_295L, false, true,
            false, LearnSource.ND, T - 9_000, T - 9_000),
        new PersistedMac("blue", 0, MacAddress.parse("02:00:00:00:00:03"), V2, null, null, 0, true, false, true,
            LearnSource.BGP, 0, 0)));
  }

  @Test
  void roundTripKeepsEveryField() throws IOException {
    Path file = dir.resolve("state");
    long size = ProxyStateFile.write(file, state());
    assertThat(Files.size(file)).isEqualTo(size);
    assertThat(ProxyStateFile.read(file)).isEqualTo(state());
    String text = Files.readString(file);
    assertThat(text).startsWith("evpn4j-proxy-state 1\nwritten 2026-12-02T05:00:00Z\n");
    assertThat(text).contains("service=red%20service%3dodd%25name ");
    assertThat(text).contains(" mac=02:00:00:00:00:01 vtep=192.0.2.1 ipv4=10.0.0.1 ipv6=2001:db8::7 seq=2 sticky=0"
        + " frozen=0 active=1 source=ARP first=" + (T - 5_000) + " last=" + (T - 1_000) + "\n");
    assertThat(text).containsPattern("\nend entries=3 crc32=[0-9a-f]{8}\n$");
    assertThat(Files.exists(ProxyStateFile.temporaryFile(file))).isFalse();
  }

  @Test
  void anEmptyStateRoundTrips() throws IOException {
    Path file = dir.resolve("state");
    ProxyStateFile.write(file, new ProxyStateFile.State(NOW, List.of()));
    assertThat(ProxyStateFile.read(file).macs()).isEmpty();
  }

  @Test
  void aMissingFileIsAnEmptyStateAndNothingIsRenamed() {
    ProxyStateFile.Loaded l = ProxyStateFile.load(dir.resolve("none"), NOW, Duration.ZERO);
    assertThat(l.state().macs()).isEmpty();
    assertThat(l.problem()).isNull();
    assertThat(l.renamedTo()).isNull();
  }

  @Test
  void aWriteKilledBeforeTheRenameLeavesTheOldFileIntactAndItsTemporaryFileIsRemoved() throws IOException {
    Path file = dir.resolve("state");
    ProxyStateFile.State old = state();
    ProxyStateFile.write(file, old);
    byte[] before = Files.readAllBytes(file);
    // the new state reached the temporary file, then the process died before the rename
    ProxyStateFile.State newer = new ProxyStateFile.State(NOW.plusSeconds(1), old.macs().subList(0, 1));
    Path tmp = ProxyStateFile.temporaryFile(file);
    ProxyStateFile.writeTemporary(tmp, newer);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    // ... or died in the middle of writing it
    byte[] full = Files.readAllBytes(tmp);
    Files.write(tmp, java.util.Arrays.copyOf(full, full.length / 2));

    ProxyStateFile.Loaded l = ProxyStateFile.load(file, NOW, Duration.ZERO);
    assertThat(l.problem()).isNull();
    assertThat(l.state()).isEqualTo(old);
    assertThat(Files.exists(tmp)).isFalse();
    // and the next write goes through the same path again
    ProxyStateFile.write(file, newer);
    assertThat(ProxyStateFile.read(file)).isEqualTo(newer);
  }

  @Test
  void aTruncatedFileIsRefusedRenamedAsideAndTheProxyStartsEmpty() throws IOException {
    Path file = dir.resolve("state");
    ProxyStateFile.write(file, state());
    byte[] full = Files.readAllBytes(file);
    // cut in the middle of the fourth line (the second MAC)
    int cut = nthNewline(full, 2) + 20;
    Files.write(file, java.util.Arrays.copyOf(full, cut));
    assertThatThrownBy(() -> ProxyStateFile.read(file))
        .hasMessage("state file " + file + ": line 4 (byte offset " + cut + "): truncated: no 'end' trailer line");
    assertRefusedAside(file, "line 4");
  }

  @Test
  void aFileCutAtALineBoundaryMissesItsTrailer() throws IOException {
    Path file = dir.resolve("state");
    ProxyStateFile.write(file, state());
    byte[] full = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(full, nthNewline(full, 3) + 1));
    assertThatThrownBy(() -> ProxyStateFile.read(file))
        .hasMessage("state file " + file + ": line 4 (byte offset " + (nthNewline(full, 3) + 1)
            + "): truncated: no 'end' trailer line");
  }

  @Test
  void garbageIsRefusedWithItsByteOffset() throws IOException {
    Path file = dir.resolve("state");
    byte[] junk = new byte[512];
    new Random(7432).nextBytes(junk);
    junk[0] = 'x';
    junk[1] = (byte) 0xff;
    Files.write(file, junk);
    assertThatThrownBy(() -> ProxyStateFile.read(file))
        .hasMessage("state file " + file + ": byte offset 1: not a text state file (byte 0xff)");
    assertRefusedAside(file, "byte offset 1");

    Files.writeString(file, "hello world\n");
    assertThatThrownBy(() -> ProxyStateFile.read(file))
        .hasMessage("state file " + file + ": line 1: not an evpn4j proxy state file (expected: "
            + "'evpn4j-proxy-state 1')");
  }

  @Test
  void anUnknownVersionIsRefused() throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, sealed("evpn4j-proxy-state 2\nwritten 2026-12-02T05:00:00Z\n", 0));
    assertThatThrownBy(() -> ProxyStateFile.read(file))
        .hasMessage("state file " + file + ": line 1: unsupported state file version '2' (expected: 1)");
    assertRefusedAside(file, "line 1");
  }

  @Test
  void aBadChecksumIsRefused() throws IOException {
    Path file = dir.resolve("state");
    ProxyStateFile.write(file, state());
    String text = Files.readString(file).replace(" seq=2 ", " seq=9 "); // a hand edit
    Files.writeString(file, text);
    assertThatThrownBy(() -> ProxyStateFile.read(file))
        .hasMessageStartingWith("state file " + file + ": line 6: checksum mismatch: the file says crc32=")
        .hasMessageEndingWith("(torn write or edited by hand)");
    assertRefusedAside(file, "line 6");
  }

  @Test
  void inconsistentRecordsAreRefusedEvenWithAGoodChecksum() throws IOException {
    Path file = dir.resolve("state");
    String mac = "mac service=s vni=1 mac=02:00:00:00:00:01 vtep=192.0.2.1 seq=1 sticky=0 frozen=0 active=1"
        + " source=ARP first=1 last=2\n";
    String head = "evpn4j-proxy-state 1\nwritten 2026-12-02T05:00:00Z\n";
    Files.writeString(file, sealed(head + mac + mac, 2));
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessage("state file " + file
        + ": line 4: MAC 02:00:00:00:00:01 of service 's' appears twice");

    Files.writeString(file, sealed(head + mac.replace("first=1 last=2", "first=3 last=2"), 1));
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessage("state file " + file
        + ": line 3: first: 3 is after last: 2");

    Files.writeString(file, sealed(head + mac.replace("seq=1", "seq=4294967296"), 1));
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessage("state file " + file
        + ": line 3: seq: out of range 0..4294967295: 4294967296");

    Files.writeString(file, sealed(head + mac.replace(" vtep=192.0.2.1", ""), 1));
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessage("state file " + file
        + ": line 3: missing field 'vtep'");

    Files.writeString(file, sealed(head + mac.replace("source=ARP", "source=CARRIER_PIGEON"), 1));
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessage("state file " + file
        + ": line 3: source: unknown learn source 'CARRIER_PIGEON'");

    Files.writeString(file, sealed(head + mac, 2)); // the trailer counts one more
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessage("state file " + file
        + ": line 4: the trailer counts 2 entries, the file has 1");

    Files.writeString(file, sealed(head + mac, 1) + "mac more\n");
    assertThatThrownBy(() -> ProxyStateFile.read(file)).hasMessageContaining("line 5 (byte offset ")
        .hasMessageEndingWith("content after the 'end' trailer line");
    assertRefusedAside(file, "line 5");
  }

  @Test
  void unknownFieldsAndRecordKindsOfALaterWriterAreIgnored() throws IOException {
    Path file = dir.resolve("state");
    String text = "evpn4j-proxy-state 1\nwritten 2026-12-02T05:00:00Z\nesi-table whatever=1\n"
        + "mac service=s vni=1 mac=02:00:00:00:00:01 vtep=192.0.2.1 seq=7 sticky=0 frozen=0 active=1 source=ND"
        + " first=1 last=2 colour=blue\n";
    Files.writeString(file, sealed(text, 1));
    ProxyStateFile.State s = ProxyStateFile.read(file);
    assertThat(s.macs()).containsExactly(new PersistedMac("s", 1, M1, V1, null, null, 7, false, false, true,
        LearnSource.ND, 1, 2));
  }

  @Test
  void entriesOlderThanMacAgingAreNotRestored() throws IOException {
    Path file = dir.resolve("state");
    ProxyStateFile.write(file, state());
    // M1 last seen 1 s ago, M2 9 s ago; the third is sticky (kept, the engine skips it anyway)
    ProxyStateFile.Loaded l = ProxyStateFile.load(file, NOW, Duration.ofSeconds(5));
    assertThat(l.state().macs()).extracting(PersistedMac::mac)
        .containsExactly(M1, MacAddress.parse("02:00:00:00:00:03"));
    assertThat(l.skippedAsAged()).isEqualTo(1);
    assertThat(ProxyStateFile.load(file, NOW, Duration.ofMillis(1_000)).state().macs()).hasSize(1);
    assertThat(ProxyStateFile.load(file, NOW, Duration.ZERO).state().macs()).hasSize(3);
  }

  // ------------------------------------------------------------------ helpers

  /** Loads a refused file: empty state, the problem named, the file renamed aside with its bytes. */
  private void assertRefusedAside(Path file, String where) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ProxyStateFile.Loaded l = ProxyStateFile.load(file, NOW, Duration.ZERO);
    assertThat(l.state().macs()).isEmpty();
    assertThat(l.problem()).startsWith("state file " + file + ": ").contains(where);
    assertThat(l.renamedTo()).isEqualTo(dir.resolve("state.bad-20261202T050000.000Z"));
    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.readAllBytes(l.renamedTo())).isEqualTo(bytes);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("state.bad-20261202T050000.000Z");
    }
    Files.delete(l.renamedTo());
    Files.write(file, bytes);
  }

  /** {@code body} with a correct trailer claiming {@code entries}. */
  static String sealed(String body, int entries) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    return body + "end entries=" + entries + " crc32=" + String.format("%08x", crc.getValue()) + "\n";
  }

  private static int nthNewline(byte[] b, int n) {
    int seen = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n' && seen++ == n) {
        return i;
      }
    }
    throw new IllegalArgumentException("fewer lines");
  }
}
