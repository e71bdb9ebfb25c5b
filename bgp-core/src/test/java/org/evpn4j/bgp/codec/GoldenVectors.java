package org.evpn4j.bgp.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;

/**
 * Hand-written messages with a comment per field, checked against the RFC diagrams. Every vector
 * decodes cleanly (with {@link #context(String)}) and re-encodes byte-exact.
 */
final class GoldenVectors {
  private GoldenVectors() {}

  static final String MARKER = "ffffffffffffffffffffffffffffffff";

  static final String KEEPALIVE = MARKER + """
      0013        # length 19
      04          # type KEEPALIVE
      """;

  static final String OPEN_GOBGP_STYLE = MARKER + """
      0055                  # length 85
      01                    # type OPEN
      04                    # version 4
      fde9                  # my AS 65001
      005a                  # hold time 90
      c0000201              # BGP identifier 192.0.2.1
      38                    # optional parameters length 56
      02 06                 # parameter: capabilities, 6 octets
         01 04 0001 00 01   #   multiprotocol ipv4/unicast (AFI 1, reserved, SAFI 1)
      02 06                 # parameter: capabilities, 6 octets
         01 04 0019 00 46   #   multiprotocol l2vpn/evpn (AFI 25, SAFI 70)
      02 02                 # parameter: capabilities, 2 octets
         02 00              #   route refresh
      02 06                 # parameter: capabilities, 6 octets
         41 04 0000fde9     #   4-octet AS 65001
      02 08                 # parameter: capabilities, 8 octets
         40 06              #   graceful restart, 6 octets
            8078            #     R flag, restart time 120
            0019 46 80      #     l2vpn/evpn, forwarding state preserved
      02 06                 # parameter: capabilities, 6 octets
         45 04 0019 46 03   #   add-path l2vpn/evpn send+receive
      02 08                 # parameter: capabilities, 8 octets (two capabilities)
         06 00              #   extended message
         d3 04 deadbeef     #   unknown capability 211, 4 octets
      """;

  /** RFC 9072: extended optional parameter length. */
  static final String OPEN_EXTENDED_PARAMETERS = MARKER + """
      0029                  # length 41
      01                    # type OPEN
      04                    # version 4
      5ba0                  # my AS 23456 (AS_TRANS)
      00b4                  # hold time 180
      c6336401              # BGP identifier 198.51.100.1
      ff                    # Non-Ext OP Len 255
      ff                    # Non-Ext OP Type 255: extended format
      0009                  # extended optional parameters length 9
      02 0006               # parameter: capabilities, 6 octets (2-octet length)
         41 04 fa56ea00     #   4-octet AS 4200000000
      """;

  static final String UPDATE_IPV4 = MARKER + """
      0075                  # length 117
      02                    # type UPDATE
      0002                  # withdrawn routes length 2
        08 0a               #   10.0.0.0/8
      0053                  # total path attribute length 83
        40 01 01 00         #   ORIGIN (well-known transitive), IGP
        40 02 0a            #   AS_PATH, 10 octets
           02 02            #     AS_SEQUENCE of 2
           0000fde9         #     65001
           0000fdea         #     65002
        40 03 04 c0000201   #   NEXT_HOP 192.0.2.1
        80 04 04 00000064   #   MULTI_EXIT_DISC 100
        40 05 04 000000c8   #   LOCAL_PREF 200
        c0 08 08            #   COMMUNITIES, 8 octets
           fde80001         #     65000:1
           ffffff01         #     65281:65281 (NO_EXPORT)
        c0 10 10            #   EXTENDED_COMMUNITIES, 16 octets
           0002 fde8 0000000a  # route target 65000:10
           0301 0000 0000 0064 # unknown (opaque type 0x03 subtype 0x01)
        c0 20 0c            #   LARGE_COMMUNITY, 12 octets
           0000fde8 00000001 00000002  # 65000:1:2
      18 c63364             # NLRI 198.51.100.0/24
      19 cb007180           # NLRI 203.0.113.128/25
      """;

  static final String UPDATE_IPV6_MP_REACH = MARKER + """
      0067                  # length 103
      02                    # type UPDATE
      0000                  # no withdrawn routes
      0050                  # total path attribute length 80
        80 0e 34            #   MP_REACH_NLRI (optional non-transitive), 52 octets
           0002 01          #     AFI 2 (IPv6), SAFI 1 (unicast)
           20               #     next hop length 32: global + link-local
           20010db8000000000000000000000001  # 2001:db8::1
           fe800000000000000000000000000001  # fe80::1
           00               #     reserved
           20 20010db8      #     2001:db8::/32
           40 20010db800010002  # 2001:db8:1:2::/64
           00               #     ::/0
        40 01 01 02         #   ORIGIN INCOMPLETE
        40 02 00            #   AS_PATH empty (iBGP)
        80 09 04 c0000202   #   ORIGINATOR_ID 192.0.2.2
        80 0a 08 c0000203 c0000204  # CLUSTER_LIST 192.0.2.3, 192.0.2.4
      """;

  /** RFC 8950 §3: the extended next hop capability with two (NLRI AFI, NLRI SAFI, next-hop AFI) triples. */
  static final String OPEN_EXTENDED_NEXT_HOP = MARKER + """
      0035                  # length 53
      01                    # type OPEN
      04                    # version 4
      fde9                  # my AS 65001
      005a                  # hold time 90
      c0000201              # BGP identifier 192.0.2.1
      18                    # optional parameters length 24
      02 06                 # parameter: capabilities, 6 octets
         01 04 0001 00 01   #   multiprotocol ipv4/unicast
      02 0e                 # parameter: capabilities, 14 octets
         05 0c              #   extended next hop, 12 octets
            0001 0001 0002  #     NLRI AFI 1 (IPv4), NLRI SAFI 1 (2 octets here), next-hop AFI 2 (IPv6)
            0001 0080 0002  #     NLRI AFI 1, NLRI SAFI 128 (VPN), next-hop AFI 2
      """;

  /** RFC 8950 §3: IPv4 unicast NLRI in MP_REACH_NLRI with an IPv6 next hop (needs the negotiated capability). */
  static final String UPDATE_IPV4_OVER_IPV6_NEXT_HOP = MARKER + """
      003a                  # length 58
      02                    # type UPDATE
      0000                  # no withdrawn routes
      0023                  # total path attribute length 35
        80 0e 19            #   MP_REACH_NLRI (optional non-transitive), 25 octets
           0001 01          #     AFI 1 (IPv4), SAFI 1 (unicast)
           10               #     next hop length 16: an IPv6 global address
           20010db8000000000000000000000001  # 2001:db8::1
           00               #     reserved
           18 c63364        #     198.51.100.0/24
        40 01 01 00         #   ORIGIN IGP
        40 02 00            #   AS_PATH empty (iBGP)
      """;

  static final String UPDATE_END_OF_RIB_EVPN = MARKER + """
      001d                  # length 29
      02                    # type UPDATE
      0000                  # no withdrawn routes
      0006                  # total path attribute length 6
        80 0f 03            #   MP_UNREACH_NLRI, 3 octets
           0019 46          #     l2vpn/evpn, no withdrawn routes: End-of-RIB
      """;

  static final String UPDATE_END_OF_RIB_IPV4 = MARKER + """
      0017                  # length 23
      02                    # type UPDATE
      0000                  # no withdrawn routes
      0000                  # no path attributes, no NLRI: IPv4 unicast End-of-RIB
      """;

  /** An EVPN type-3 route under MP_REACH with no codec registered: kept raw. PMSI and an AS4 path too. */
  static final String UPDATE_UNREGISTERED_FAMILY = MARKER + """
      006f                  # length 111
      02                    # type UPDATE
      0000                  # no withdrawn routes
      0058                  # total path attribute length 88
        90 0e 001c          #   MP_REACH_NLRI, extended length, 28 octets
           0019 46          #     l2vpn/evpn
           04 c0000201      #     next hop 192.0.2.1
           00               #     reserved
           03 11            #     EVPN route type 3, 17 octets
              0001c0000201 0064  # RD 192.0.2.1:100 (type 1)
              00000000      #       Ethernet tag 0
              20 c0000201   #       originator 192.0.2.1 (/32)
        40 01 01 00         #   ORIGIN IGP
        40 02 06 02 02 fde9 5ba0  # AS_PATH (2-octet) AS_SEQUENCE 65001 23456
        c0 11 0a 02 02 0000fde9 fa56ea00  # AS4_PATH AS_SEQUENCE 65001 4200000000
        c0 16 09            #   PMSI_TUNNEL, 9 octets
           00               #     flags: leaf info not required
           06               #     tunnel type 6: ingress replication
           000640           #     label field 0x000640 (VNI 1600)
           c0000201         #     tunnel id 192.0.2.1
        e0 63 03 010203     #   unknown optional transitive attribute 99 (partial), 3 octets
        c0 07 06 fde9 c0000201  # AGGREGATOR AS 65001, 192.0.2.1
        40 06 00            #   ATOMIC_AGGREGATE
      """;

  static final String NOTIFICATION_SHUTDOWN = MARKER + """
      001b                  # length 27
      03                    # type NOTIFICATION
      06 02                 # Cease / Administrative Shutdown
      05 6d61696e74         # shutdown communication: 5 octets of UTF-8, "maint"
      """;

  static final String NOTIFICATION_HOLD_TIMER = MARKER + """
      0015                  # length 21
      03                    # type NOTIFICATION
      04 00                 # Hold Timer Expired, no data
      """;

  static final String ROUTE_REFRESH_BORR = MARKER + """
      0017                  # length 23
      05                    # type ROUTE-REFRESH
      0019                  # AFI 25 (L2VPN)
      01                    # subtype 1: BoRR (RFC 7313)
      46                    # SAFI 70 (EVPN)
      """;

  static final String ROUTE_REFRESH_REQUEST_IPV4 = MARKER + """
      0017                  # length 23
      05                    # type ROUTE-REFRESH
      0001 00 01            # ipv4/unicast, subtype 0 (normal request)
      """;

  static DecodeContext context(String name) {
    if (name.equals("OPEN_EXTENDED_PARAMETERS") || name.equals("UPDATE_IPV4")) {
      return DecodeContext.DEFAULT.withFourOctetAs(true);
    }
    if (name.equals("UPDATE_IPV4_OVER_IPV6_NEXT_HOP")) {
      return DecodeContext.DEFAULT.withExtendedNextHop(Set.of(AddressFamily.IPV4_UNICAST));
    }
    return DecodeContext.DEFAULT;
  }

  static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("KEEPALIVE", KEEPALIVE);
    m.put("OPEN_GOBGP_STYLE", OPEN_GOBGP_STYLE);
    m.put("OPEN_EXTENDED_PARAMETERS", OPEN_EXTENDED_PARAMETERS);
    m.put("UPDATE_IPV4", UPDATE_IPV4);
    m.put("UPDATE_IPV6_MP_REACH", UPDATE_IPV6_MP_REACH);
    m.put("OPEN_EXTENDED_NEXT_HOP", OPEN_EXTENDED_NEXT_HOP);
    m.put("UPDATE_IPV4_OVER_IPV6_NEXT_HOP", UPDATE_IPV4_OVER_IPV6_NEXT_HOP);
    m.put("UPDATE_END_OF_RIB_EVPN", UPDATE_END_OF_RIB_EVPN);
    m.put("UPDATE_END_OF_RIB_IPV4", UPDATE_END_OF_RIB_IPV4);
    m.put("UPDATE_UNREGISTERED_FAMILY", UPDATE_UNREGISTERED_FAMILY);
    m.put("NOTIFICATION_SHUTDOWN", NOTIFICATION_SHUTDOWN);
    m.put("NOTIFICATION_HOLD_TIMER", NOTIFICATION_HOLD_TIMER);
    m.put("ROUTE_REFRESH_BORR", ROUTE_REFRESH_BORR);
    m.put("ROUTE_REFRESH_REQUEST_IPV4", ROUTE_REFRESH_REQUEST_IPV4);
    return m;
  }

  static Set<AddressFamily> none() {
    return Set.of();
  }
}
