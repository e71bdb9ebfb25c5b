package org.evpn4j.bgp.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One ExaBGP 4.2 {@code neighbor} block for tests, holding only what a test sets, with the API
 * hooked up: the neighbor's {@code api} section sends its state changes and its parsed received
 * UPDATEs to the process {@link #API_PROCESS} that {@link ExaBgpDaemon} defines.
 *
 * <pre>{@code
 * ExaBgpConfig.neighbor("127.0.0.122", 65000).routerId("192.0.2.121").localAddress("127.0.0.121")
 *     .localAs(65000).connect(evpn4jPort).holdTime(9).family("ipv4 unicast").family("l2vpn evpn")
 * }</pre>
 *
 * <p>Syntax as in ExaBGP 4.2's {@code configuration/neighbor}: {@code connect} is the peer's TCP
 * port ExaBGP connects to; families are ExaBGP's names ({@code ipv4 unicast}, {@code l2vpn evpn}).
 */
public final class ExaBgpConfig {
  /** The name of the API process {@link ExaBgpDaemon} writes into the configuration. */
  public static final String API_PROCESS = "evpn4j-test-api";

  private final String peerAddress;
  private final long peerAs;
  private String routerId;
  private String localAddress;
  private Long localAs;
  private Integer connect;
  private Integer holdTime;
  private Boolean passive;
  private boolean api = true;
  private final List<String> families = new ArrayList<>();
  private final List<String> extraLines = new ArrayList<>();

  private ExaBgpConfig(String peerAddress, long peerAs) {
    this.peerAddress = checkNotNull(peerAddress, "peerAddress");
    checkArgument(peerAs > 0 && peerAs <= 0xFFFFFFFFL, "peerAs out of range: %s", peerAs);
    this.peerAs = peerAs;
  }

  /** A neighbor block for the peer at {@code peerAddress} in AS {@code peerAs}. */
  public static ExaBgpConfig neighbor(String peerAddress, long peerAs) {
    return new ExaBgpConfig(peerAddress, peerAs);
  }

  public String peerAddress() {
    return peerAddress;
  }

  public ExaBgpConfig routerId(String routerId) {
    this.routerId = checkNotNull(routerId, "routerId");
    return this;
  }

  /** The address ExaBGP uses towards this neighbor (and binds to when connecting). */
  public ExaBgpConfig localAddress(String localAddress) {
    this.localAddress = checkNotNull(localAddress, "localAddress");
    return this;
  }

  public String localAddress() {
    return localAddress;
  }

  public ExaBgpConfig localAs(long localAs) {
    checkArgument(localAs > 0 && localAs <= 0xFFFFFFFFL, "localAs out of range: %s", localAs);
    this.localAs = localAs;
    return this;
  }

  /** The neighbor's TCP port ExaBGP connects to, when it is not 179. */
  public ExaBgpConfig connect(int port) {
    checkArgument(port > 0 && port <= 0xFFFF, "connect port out of range: %s", port);
    this.connect = port;
    return this;
  }

  public ExaBgpConfig holdTime(int seconds) {
    checkArgument(seconds == 0 || (seconds >= 3 && seconds <= 0xFFFF), "holdTime must be 0 or 3..65535: %s", seconds);
    this.holdTime = seconds;
    return this;
  }

  /** Whether ExaBGP only waits for the neighbor to connect (ExaBGP's default: false, it connects). */
  public ExaBgpConfig passive(boolean passive) {
    this.passive = passive;
    return this;
  }

  /** Whether the neighbor reports to {@link #API_PROCESS} (default true; false for a bare configuration). */
  public ExaBgpConfig api(boolean api) {
    this.api = api;
    return this;
  }

  /** Adds a family by ExaBGP's name ({@code ipv4 unicast}, {@code l2vpn evpn}). */
  public ExaBgpConfig family(String family) {
    families.add(checkNotNull(family, "family"));
    return this;
  }

  /** Adds a raw line (or section) inside the neighbor block, e.g. a {@code static { ... }} section. */
  public ExaBgpConfig line(String line) {
    extraLines.add(checkNotNull(line, "line"));
    return this;
  }

  /** The neighbor block's text. */
  public String text() {
    StringBuilder t = new StringBuilder();
    t.append("neighbor ").append(peerAddress).append(" {\n");
    if (routerId != null) {
      t.append("  router-id ").append(routerId).append(";\n");
    }
    if (localAddress != null) {
      t.append("  local-address ").append(localAddress).append(";\n");
    }
    if (localAs != null) {
      t.append("  local-as ").append(localAs).append(";\n");
    }
    t.append("  peer-as ").append(peerAs).append(";\n");
    if (connect != null) {
      t.append("  connect ").append(connect).append(";\n");
    }
    if (holdTime != null) {
      t.append("  hold-time ").append(holdTime).append(";\n");
    }
    if (passive != null) {
      t.append("  passive ").append(passive).append(";\n");
    }
    t.append("  group-updates false;\n");
    if (!families.isEmpty()) {
      t.append("  family {\n");
      for (String f : families) {
        t.append("    ").append(f).append(";\n");
      }
      t.append("  }\n");
    }
    if (api) {
      t.append("  api {\n");
      t.append("    processes [ ").append(API_PROCESS).append(" ];\n");
      t.append("    neighbor-changes;\n");
      t.append("    receive {\n      parsed;\n      packets;\n      consolidate;\n      update;\n      notification;\n    }\n");
      t.append("  }\n");
    }
    for (String l : extraLines) {
      t.append("  ").append(l).append('\n');
    }
    t.append("}\n");
    return t.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
