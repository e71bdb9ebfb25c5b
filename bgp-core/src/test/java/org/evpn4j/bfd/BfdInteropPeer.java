package org.evpn4j.bfd;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * evpn4j's BFD in a child JVM, for tests that run it inside a network namespace. Reads commands
 * on stdin, one a line, and answers on stdout:
 * <ul>
 *   <li>{@code add single|multihop PEER LOCAL TX_MS RX_MS MULTIPLIER} → {@code ok KEY}
 *   <li>{@code status} → one {@code session PEER MODE STATE TX_MS DETECT_MS REMOTE_MULT DIAG} line per session, then {@code end}
 *   <li>{@code quit}
 * </ul>
 * Every state change is printed as {@code change PEER MODE FROM TO DIAG EPOCH_MILLIS}.
 */
public final class BfdInteropPeer {
  private BfdInteropPeer() {}

  public static void main(String[] args) throws Exception {
    try (BfdSessions sessions = BfdSessions.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      sessions.addListener(c -> print("change " + c.key().peer().getHostAddress() + " " + mode(c.key()) + " "
          + c.from() + " " + c.to() + " " + c.diagnostic().name() + " " + c.at().toEpochMilli()));
      print("ready");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] w = line.trim().split("\\s+");
        try {
          switch (w[0]) {
            case "add" -> {
              InetAddress peer = InetAddress.getByName(w[2]);
              InetAddress local = InetAddress.getByName(w[3]);
              BfdPeerConfig c = (w[1].equals("multihop") ? BfdPeerConfig.multihop(peer, local)
                  : BfdPeerConfig.singleHop(peer, local)).withTimers(Duration.ofMillis(Long.parseLong(w[4])),
                  Duration.ofMillis(Long.parseLong(w[5])), Integer.parseInt(w[6]));
              print("ok " + sessions.add(c));
            }
            case "status" -> {
              StringBuilder b = new StringBuilder();
              for (BfdSessionStatus s : sessions.statuses()) {
                b.append("session ").append(s.key().peer().getHostAddress()).append(' ').append(mode(s.key()))
                    .append(' ').append(s.state()).append(' ').append(s.transmitInterval().toMillis())
                    .append(' ').append(s.detectionTime().toMillis()).append(' ').append(s.remoteDetectMultiplier())
                    .append(' ').append(s.localDiagnostic().name()).append('\n');
              }
              print(b + "end");
            }
            case "quit" -> {
              return;
            }
            default -> print("error unknown command " + w[0]);
          }
        } catch (RuntimeException e) {
          print("error " + e.getMessage());
        }
      }
    }
  }

  private static String mode(BfdSessionKey key) {
    return key.multihop() ? "multihop" : "single";
  }

  private static synchronized void print(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
