package org.evpn4j.evpn.community;

import static com.google.common.base.Preconditions.checkArgument;

import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * DF Election extended community (RFC 8584 §2.2), type 0x06 sub-type 0x06, carried with Ethernet
 * Segment routes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type=0x06     | Sub-Type(0x06)| RSV |  DF Alg |    Bitmap     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~     Bitmap    |            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>DF Alg (5 bits): 0 default (modulus based, RFC 7432), 1 highest random weight (RFC 8584),
 * others from the IANA registry. Bitmap (16 bits): bit 1 is the AC-DF capability ("A" bit, RFC
 * 8584 §2.2); the rest, the RSV bits and the reserved octets, are kept as received.
 */
public record DfElection(long raw) implements ExtendedCommunity {
  public static final int ALGORITHM_DEFAULT = 0;
  public static final int ALGORITHM_HIGHEST_RANDOM_WEIGHT = 1;
  /** Bit 1 of the bitmap (bit 0 is the most significant). */
  public static final int AC_DF_BIT = 0x4000;

  public DfElection {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.EVPN, EvpnCommunityTypes.DF_ELECTION, "DF Election");
  }

  public static DfElection of(int algorithm, int bitmap) {
    checkArgument(algorithm >= 0 && algorithm <= 31, "algorithm out of range 0..31: %s", algorithm);
    checkArgument(bitmap >= 0 && bitmap <= 0xffff, "bitmap out of range 0..65535: %s", bitmap);
    return new DfElection(EvpnCommunityTypes.header(EvpnCommunityTypes.EVPN, EvpnCommunityTypes.DF_ELECTION)
        | ((long) algorithm << 40) | ((long) bitmap << 24));
  }

  public static DfElection of(int algorithm, boolean acDf) {
    return of(algorithm, acDf ? AC_DF_BIT : 0);
  }

  /** The DF Alg field (low 5 bits of the third octet). */
  public int algorithm() {
    return (int) (raw >>> 40) & 0x1f;
  }

  public int bitmap() {
    return (int) (raw >>> 24) & 0xffff;
  }

  /** The AC-DF ("A") bit: the attachment circuit influences the DF election. */
  public boolean acDf() {
    return (bitmap() & AC_DF_BIT) != 0;
  }

  @Override
  public String toString() {
    return "df-election:alg=" + algorithm() + ":bitmap=0x" + Integer.toHexString(bitmap());
  }
}
