package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.junit.jupiter.api.Test;

/** Per-route events are queued only for listeners that implement them. */
class ListenerOverridesTest {
  static final Class<?>[] BEST = {AddressFamily.class, Nlri.class, Route.class, Route.class};
  static final Class<?>[] ADJ_IN = {InetAddress.class, Nlri.class, Route.class, Route.class};

  @Test
  void stateOnlyListenerWantsNoRouteEvents() {
    BgpSpeakerListener states = new BgpSpeakerListener() {
      @Override
      public void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, String reason) {}
    };
    assertThat(ListenerDispatcher.overrides(states, "bestPathChanged", BEST)).isFalse();
    assertThat(ListenerDispatcher.overrides(states, "adjRibInChanged", ADJ_IN)).isFalse();
  }

  @Test
  void routeListenersAreRecognised() {
    BgpSpeakerListener best = new BgpSpeakerListener() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}
    };
    assertThat(ListenerDispatcher.overrides(best, "bestPathChanged", BEST)).isTrue();
    assertThat(ListenerDispatcher.overrides(best, "adjRibInChanged", ADJ_IN)).isFalse();
    assertThat(ListenerDispatcher.overrides(new Inherited(), "adjRibInChanged", ADJ_IN)).isTrue();
  }

  static class Base implements BgpSpeakerListener {
    @Override
    public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
  }

  static final class Inherited extends Base {}
}
