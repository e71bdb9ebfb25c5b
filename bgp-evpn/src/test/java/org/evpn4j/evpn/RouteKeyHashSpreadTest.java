package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.BitSet;
import org.evpn4j.bgp.RouteDistinguisher;
import org.junit.jupiter.api.Test;

/**
 * MAC/IP routes of one subnet (consecutive MACs with consecutive IPv4 addresses, the common
 * case) must spread over a hash table: with the record's default MAC hash the route hashes moved
 * in lockstep (steps of 992) and a million routes shared 65,287 buckets, so the Loc-RIB's
 * HashMaps fell back to tree bins and ingest ran three times slower.
 */
class RouteKeyHashSpreadTest {
  @Test
  void consecutiveMacAndIpRoutesFillMostBuckets() throws Exception {
    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.1:100");
    int n = 1 << 20;
    int table = n << 1; // java.util.HashMap's table for n keys at load factor 0.75
    BitSet buckets = new BitSet(table);
    byte[] ip = new byte[4];
    for (int i = 0; i < n; i++) {
      int a = 0x0a000000 + i;
      ip[0] = (byte) (a >>> 24);
      ip[1] = (byte) (a >>> 16);
      ip[2] = (byte) (a >>> 8);
      ip[3] = (byte) a;
      int h = EvpnRoutes.macIp(rd, MacAddress.of(0x0200_0000_0000L + i), InetAddress.getByAddress(ip), 10100).hashCode();
      buckets.set((h ^ (h >>> 16)) & (table - 1)); // HashMap's bucket index
    }
    // random hashing fills 1 - e^-0.5 = 39% of the table, i.e. 79% as many buckets as keys
    // (the record's default MAC hash filled 65,287 buckets: 16 keys per bucket, tree bins)
    assertThat(buckets.cardinality()).isGreaterThan(n / 2);
  }

  @Test
  void equalMacsHashEqual() {
    assertThat(MacAddress.of(0x0200_0000_0001L).hashCode()).isEqualTo(MacAddress.parse("02:00:00:00:00:01").hashCode());
    assertThat(MacAddress.of(1).hashCode()).isNotEqualTo(MacAddress.of(2).hashCode());
  }
}
