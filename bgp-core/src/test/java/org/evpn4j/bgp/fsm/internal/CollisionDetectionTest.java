package org.evpn4j.bgp.fsm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bgp.fsm.internal.CollisionDetection.Keep;
import org.junit.jupiter.api.Test;

class CollisionDetectionTest {
  @Test
  void lowerLocalIdentifierKeepsThePeersConnection() {
    assertThat(CollisionDetection.resolve(0x0a000001L, 0x0a000002L, 65000, 65000)).isEqualTo(Keep.REMOTELY_INITIATED);
    assertThat(CollisionDetection.resolve(0x0a000002L, 0x0a000001L, 65000, 65000)).isEqualTo(Keep.LOCALLY_INITIATED);
  }

  @Test
  void identifiersCompareUnsigned() {
    // 192.0.2.1 > 10.0.0.1 although negative as a signed int
    assertThat(CollisionDetection.resolve(0xc0000201L, 0x0a000001L, 1, 2)).isEqualTo(Keep.LOCALLY_INITIATED);
  }

  @Test
  void equalIdentifiersKeepTheConnectionOfTheLargerAs() {
    assertThat(CollisionDetection.resolve(1, 1, 65001, 65000)).isEqualTo(Keep.LOCALLY_INITIATED);
    assertThat(CollisionDetection.resolve(1, 1, 65000, 65001)).isEqualTo(Keep.REMOTELY_INITIATED);
  }
}
