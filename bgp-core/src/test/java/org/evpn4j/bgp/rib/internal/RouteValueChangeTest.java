package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.junit.jupiter.api.Test;

/**
 * "Changed, send it again?" is decided by value, never by key: a route re-announced with the same
 * key is sent to peers exactly when its value differs (non-key NLRI fields as EVPN labels, next
 * hop, attributes), and what is sent carries the new value, also to a peer that comes up later.
 * {@link LabelledNlri} stands for a family whose NLRI carries fields outside its key, as EVPN's
 * labels, ESI and gateway are (bgp-evpn's own tests and the GoBGP reflector test cover EVPN).
 */
class RouteValueChangeTest {
  static final AddressFamily FAMILY = AddressFamily.L2VPN_EVPN;

  /** An NLRI whose key is {@code key}; {@code label} is a value field outside the key. */
  record LabelledNlri(int key, int label) implements Nlri {
    @Override
    public AddressFamily family() {
      return FAMILY;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LabelledNlri n && n.key == key;
    }

    @Override
    public int hashCode() {
      return key;
    }

    @Override
    public boolean sameValue(Nlri other) {
      return other instanceof LabelledNlri n && n.key == key && n.label == label;
    }
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final class Quiet implements RibPeer.Session {
    @Override
    public void teardown(FsmNotification cease) {}

    @Override
    public void outputPending() {}
  }

  // a new RIB per check: jqwik runs every try of a property on one instance
  RibEngine rib = newRib();

  static RibEngine newRib() {
    return new RibEngine(65000, 0x01010101L, 0x01010101L, Map.of(), new RibEngine.Events() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

      @Override
      public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
    });
  }

  RibPeer peer(String address, Set<AddressFamily> families) {
    RibPeer p = new RibPeer(ip(address), 65000, 65000, false, Map.of(), RoutePolicy.ACCEPT_ALL,
        RoutePolicy.ACCEPT_ALL, new Quiet());
    rib.addPeer(p);
    rib.peerUp(p, 0x02020202L, ip("127.0.0.1"), families);
    p.out.poll(1000); // the initial End-of-RIB
    return p;
  }

  static final String[] NEXT_HOPS = {"192.0.2.1", "192.0.2.2"};

  static Route labelled(int label, int nextHop, int med) {
    return Route.local(new LabelledNlri(7, label), ip(NEXT_HOPS[nextHop]), List.<PathAttribute>of(new MultiExitDisc(med)));
  }

  static Route ipv4(int med, int nextHop, int localPref) {
    return Route.local(Ipv4Prefix.parse("198.51.100.0/24"), ip(NEXT_HOPS[nextHop]),
        List.<PathAttribute>of(new MultiExitDisc(med), new LocalPref(100 + localPref)));
  }

  /** Announces {@code first}, then {@code second} (same key); returns what the peer was sent for the second. */
  List<AdjRibOut.Change> sentForSecond(Route first, Route second) {
    rib = newRib();
    RibPeer p = peer("192.0.2.100", Set.of(first.family()));
    rib.announce(first);
    assertThat(p.out.poll(1000)).hasSize(1);
    rib.announce(second);
    return p.out.poll(1000);
  }

  void check(Route first, Route second) {
    assertThat(first.key()).isEqualTo(second.key());
    List<AdjRibOut.Change> sent = sentForSecond(first, second);
    // the oracle, independent of Route.equals (which is under test)
    boolean valueDiffers = !first.nlri().sameValue(second.nlri()) || !first.nextHop().equals(second.nextHop())
        || !first.attributes().equals(second.attributes());
    assertThat(first.equals(second)).isEqualTo(!valueDiffers);
    assertThat(!sent.isEmpty()).as("re-advertised <=> value differs: %s then %s", first, second).isEqualTo(valueDiffers);
    if (valueDiffers) {
      Route out = sent.get(0).route();
      assertThat(out.nlri().sameValue(second.nlri())).as("sent NLRI carries the new value").isTrue();
      assertThat(out.nextHop()).isEqualTo(second.nextHop());
    }
  }

  @Property(tries = 300)
  void aRouteWithNonKeyNlriFieldsIsReadvertisedExactlyWhenItsValueDiffers(
      @ForAll @IntRange(max = 2) int label1, @ForAll @IntRange(max = 1) int nh1, @ForAll @IntRange(max = 1) int med1,
      @ForAll @IntRange(max = 2) int label2, @ForAll @IntRange(max = 1) int nh2, @ForAll @IntRange(max = 1) int med2) {
    check(labelled(label1, nh1, med1), labelled(label2, nh2, med2));
  }

  @Property(tries = 200)
  void anIpv4RouteIsReadvertisedExactlyWhenItsValueDiffers(@ForAll @IntRange(max = 2) int med1,
      @ForAll @IntRange(max = 1) int nh1, @ForAll @IntRange(max = 1) int lp1, @ForAll @IntRange(max = 2) int med2,
      @ForAll @IntRange(max = 1) int nh2, @ForAll @IntRange(max = 1) int lp2) {
    check(ipv4(med1, nh1, lp1), ipv4(med2, nh2, lp2));
  }

  @Test
  void aLabelChangeAloneIsSentToCurrentPeers() {
    List<AdjRibOut.Change> sent = sentForSecond(labelled(100, 0, 0), labelled(200, 0, 0));
    assertThat(sent).hasSize(1);
    assertThat(((LabelledNlri) sent.get(0).route().nlri()).label()).isEqualTo(200);
  }

  @Test
  void aPeerThatComesUpLaterGetsTheNewValueNotTheFirstKeyObject() {
    rib.announce(labelled(100, 0, 0)); // its NLRI object becomes the table's key
    rib.announce(labelled(200, 0, 0)); // same key, new label
    RibPeer late = new RibPeer(ip("192.0.2.101"), 65000, 65000, false, Map.of(), RoutePolicy.ACCEPT_ALL,
        RoutePolicy.ACCEPT_ALL, new Quiet());
    rib.addPeer(late);
    rib.peerUp(late, 0x03030303L, ip("127.0.0.1"), Set.of(FAMILY));
    List<AdjRibOut.Change> sent = late.out.poll(1000);
    assertThat(sent.get(0).route()).isNotNull();
    assertThat(((LabelledNlri) sent.get(0).route().nlri()).label()).isEqualTo(200);
  }

  @Test
  void replaceLocalSendsOnlyWhatChangedAndLeavesOtherRouteSetsAlone() {
    RibPeer p = peer("192.0.2.100", Set.of(FAMILY));
    Object owner = new Object();
    Route kept = Route.local(new LabelledNlri(1, 10), ip("192.0.2.1"), List.of());
    Route relabelled = Route.local(new LabelledNlri(2, 10), ip("192.0.2.1"), List.of());
    var first = rib.replaceLocal(owner, FAMILY, List.of(kept, relabelled));
    assertThat(first.added()).isEqualTo(2);
    assertThat(p.out.poll(1000)).hasSize(2);
    var second = rib.replaceLocal(owner, FAMILY, List.of(kept, Route.local(new LabelledNlri(2, 11), ip("192.0.2.1"), List.of())));
    assertThat(second).extracting("added", "changed", "withdrawn", "unchanged").containsExactly(0, 1, 0, 1);
    List<AdjRibOut.Change> sent = p.out.poll(1000);
    assertThat(sent).hasSize(1);
    assertThat(((LabelledNlri) sent.get(0).route().nlri()).label()).isEqualTo(11);
    var third = rib.replaceLocal(owner, FAMILY, List.of());
    assertThat(third.withdrawn()).isEqualTo(2);
    assertThat(p.out.poll(1000)).extracting(AdjRibOut.Change::route).containsOnlyNulls().hasSize(2);
    // another route set's routes are not touched by this one's replacements
    rib.announce(kept);
    rib.replaceLocal(owner, FAMILY, List.of());
    assertThat(rib.localRoutes(RibEngine.DEFAULT_OWNER, FAMILY)).hasSize(1);
  }

  @Test
  void routeEqualityIsValueEqualityAndKeyIsTheIndex() {
    assertThat(labelled(100, 0, 0)).isEqualTo(labelled(100, 0, 0)).hasSameHashCodeAs(labelled(100, 0, 0))
        .isNotEqualTo(labelled(200, 0, 0));
    assertThat(labelled(100, 0, 0).key()).isEqualTo(labelled(200, 0, 0).key());
    AddPathNlri a = new AddPathNlri(1, new LabelledNlri(7, 100));
    assertThat(a.sameValue(new AddPathNlri(1, new LabelledNlri(7, 100)))).isTrue();
    assertThat(a.sameValue(new AddPathNlri(1, new LabelledNlri(7, 200)))).isFalse();
    assertThat(a.sameValue(new AddPathNlri(2, new LabelledNlri(7, 100)))).isFalse();
  }
}
