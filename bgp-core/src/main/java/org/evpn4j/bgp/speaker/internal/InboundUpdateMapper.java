package org.evpn4j.bgp.speaker.internal;

import java.net.InetAddress;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.DecodeError;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.codec.ErrorAction;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;

/**
 * What an UPDATE received in Established means for the RIB and the session (FRR's
 * bgp_update_receive, GoBGP's peer-side path extraction): the routes and withdrawals to hand to
 * the RIB, the End-of-RIB, and how the message's RFC 7606 verdict changes the session. Pure: the
 * session driver carries out the {@link Outcome}.
 *
 * <p>The verdict (session-reset was acted on before this is called):
 *
 * <ul>
 *   <li>treat-as-withdraw (RFC 7606 §2): every route the UPDATE announces is handled as withdrawn,
 *       its withdrawals are processed; the session stays up.
 *   <li>afi-safi-disable (RFC 7606 §2, RFC 4760 §7): the family is disabled for the rest of the
 *       session: the peer's routes of it are removed, later UPDATEs of it are ignored, and we stop
 *       advertising it. When it was the only family the session has, there is nothing left to keep
 *       the session for: it is reset with the error's NOTIFICATION (UPDATE Message Error).
 *   <li>attribute-discard: the decoder already dropped the attribute.
 * </ul>
 *
 * Routes of families the session did not negotiate are ignored. For a 2-octet peer, AS4_PATH is
 * merged into AS_PATH (RFC 6793 §4.2.3) and AS4_AGGREGATOR into AGGREGATOR.
 *
 * <p>This runs once per UPDATE received and does no work per announced route: the outcome's
 * routes are a view over the UPDATE's NLRI lists that makes each {@link Route} when the RIB reads
 * it ({@link AnnouncedRoutes}); per UPDATE it allocates the shared attribute list, the view and
 * the withdrawn list (sized to fit, handed over without a copy), and nothing for what the UPDATE
 * does not have (no disabled families, no withdrawals). Public for the
 * benchmarks; the package is not exported.
 */
public final class InboundUpdateMapper {
  private InboundUpdateMapper() {}

  /**
   * What to do with one UPDATE, in this order: reset the session (and nothing else), or disable
   * families, then End-of-RIB or the routes and withdrawals.
   *
   * <p>The lists are taken as they are, not copied: {@link InboundUpdateMapper#map} builds them for the outcome alone
   * and hands them over unmodifiable.
   *
   * @param session the session after this UPDATE (without the families it disabled)
   * @param disabled families afi-safi-disable takes away now: remove the peer's routes of them
   * @param reset non-null: no family is left, reset the session with this NOTIFICATION
   * @param error why families were disabled or the session is reset (for the peer's last error),
   *     or null
   * @param endOfRib the family of an End-of-RIB marker (RFC 4724 §2) the session carries, or null
   * @param routes routes announced, in message order (a view that makes each route when read)
   * @param withdrawn destinations withdrawn (including the announced ones under treat-as-withdraw)
   * @param treatAsWithdraw the verdict was treat-as-withdraw
   */
  public record Outcome(
      NegotiatedSession session,
      Set<AddressFamily> disabled,
      FsmNotification reset,
      String error,
      AddressFamily endOfRib,
      List<Route> routes,
      List<Nlri> withdrawn,
      boolean treatAsWithdraw) {
    public Outcome {
      Objects.requireNonNull(session, "session");
      disabled = Set.copyOf(disabled);
      Objects.requireNonNull(routes, "routes");
      Objects.requireNonNull(withdrawn, "withdrawn");
    }

    /** Whether the RIB has routes or withdrawals to process. */
    boolean changesRib() {
      return !routes.isEmpty() || !withdrawn.isEmpty();
    }
  }

  /**
   * Maps {@code u}, decoded with verdict {@code r}, received from {@code peer} on {@code session}.
   */
  public static Outcome map(UpdateMessage u, DecodeResult r, NegotiatedSession session, InetAddress peer) {
    boolean withdrawAll = r.action() == ErrorAction.TREAT_AS_WITHDRAW;
    Set<AddressFamily> gone = Set.of();
    if (!r.errors().isEmpty()) {
      gone = new LinkedHashSet<>(r.disabledFamilies());
      gone.retainAll(session.families()); // already disabled, or never negotiated: nothing to do
    }
    String error = null;
    if (!gone.isEmpty()) {
      DecodeError e = r.errors(ErrorAction.AFI_SAFI_DISABLE).get(0);
      if (gone.size() == session.families().size()) {
        FsmNotification n = e.error() != null ? new FsmNotification(e.error().code(), e.error().subcode(), e.data())
            : FsmNotification.of(FsmNotification.UPDATE_MESSAGE_ERROR, 0);
        return new Outcome(session, Set.of(), n,
            "malformed UPDATE: " + e + "; no address family left: session reset", null, List.of(), List.of(), withdrawAll);
      }
      session = session.withoutFamilies(gone);
      error = "RFC 7606 afi-safi-disable " + gone + ": " + e.reason();
    }
    Optional<AddressFamily> eor = u.endOfRibFamily();
    if (eor.isPresent()) {
      AddressFamily f = eor.get();
      return new Outcome(session, gone, null, error, session.has(f) ? f : null, List.of(), List.of(), withdrawAll);
    }
    List<PathAttribute> attrs = new ArrayList<>(u.attributes().size());
    InetAddress nextHop = null;
    MpReachNlri reach = null;
    MpUnreachNlri unreach = null;
    AsPath asPath = null;
    As4Path as4Path = null;
    Aggregator aggregator = null;
    As4Aggregator as4Aggregator = null;
    for (PathAttribute a : u.attributes()) {
      if (a instanceof NextHop nh) {
        nextHop = nh.address();
      } else if (a instanceof MpReachNlri mr) {
        reach = mr;
      } else if (a instanceof MpUnreachNlri mu) {
        unreach = mu;
      } else if (a instanceof As4Path p4) {
        as4Path = p4;
      } else if (a instanceof As4Aggregator g4) {
        as4Aggregator = g4;
      } else {
        if (a instanceof AsPath p) {
          asPath = p;
        } else if (a instanceof Aggregator g) {
          aggregator = g;
        }
        attrs.add(a);
      }
    }
    if (!session.context().fourOctetAs()) {
      if (asPath != null && as4Path != null) {
        attrs.set(attrs.indexOf(asPath), mergeAs4(asPath, as4Path));
      }
      // RFC 6793 §4.2.3: AS4_AGGREGATOR counts only when AGGREGATOR names AS_TRANS
      if (aggregator != null && as4Aggregator != null && aggregator.asn() == OpenMessage.AS_TRANS) {
        attrs.set(attrs.indexOf(aggregator), new Aggregator(aggregator.flags(), as4Aggregator.asn(), as4Aggregator.address()));
      }
    }
    // AS4_PATH / AS4_AGGREGATOR are folded in above (2-octet peer) or meaningless (RFC 6793
    // §4.1: a 4-octet peer does not send them); either way they are not kept
    boolean ipv4 = session.has(AddressFamily.IPV4_UNICAST);
    boolean reachHas = reach != null && session.has(reach.family());
    boolean unreachHas = unreach != null && session.has(unreach.family());
    int announced = (ipv4 ? u.nlri().size() : 0) + (reachHas ? reach.nlri().size() : 0);
    int withdrawnCount = (ipv4 ? u.withdrawn().size() : 0) + (unreachHas ? unreach.withdrawn().size() : 0)
        + (withdrawAll ? announced : 0);
    List<Nlri> withdrawn = withdrawnCount == 0 ? List.of() : new ArrayList<>(withdrawnCount);
    if (ipv4 && !u.withdrawn().isEmpty()) {
      withdrawn.addAll(u.withdrawn());
    }
    if (unreachHas) {
      withdrawn.addAll(unreach.withdrawn());
    }
    List<Route> routes = List.of();
    if (withdrawAll) {
      if (ipv4) {
        withdrawn.addAll(u.nlri());
      }
      if (reachHas) {
        withdrawn.addAll(reach.nlri());
      }
    } else if (announced > 0) {
      List<Nlri> bodyNlri = ipv4 ? u.nlri() : List.of();
      List<Nlri> reachNlri = reachHas ? reach.nlri() : List.of();
      InetAddress reachNextHop = null;
      if (!reachNlri.isEmpty()) {
        List<InetAddress> nhs = reach.nextHopAddresses();
        reachNextHop = nhs.isEmpty() ? null : nhs.get(0);
      }
      // one immutable list shared by every route of the UPDATE (Route keeps it without copying)
      routes = new AnnouncedRoutes(bodyNlri, nextHop, reachNlri, reachNextHop, List.copyOf(attrs), peer);
    }
    withdrawn = withdrawn.isEmpty() ? List.of() : Collections.unmodifiableList(withdrawn);
    return new Outcome(session, gone, null, error, null, routes, withdrawn, withdrawAll);
  }

  /**
   * The routes of one UPDATE as a list view: the NLRI of the body (with NEXT_HOP), then those of
   * MP_REACH_NLRI (with its first next hop), each with the UPDATE's shared attributes. A route is
   * made when {@linkplain #get read}, on the thread that stores it (the RIB), so mapping an UPDATE
   * does no work per route. Unmodifiable; reading an element twice gives two equal routes.
   */
  static final class AnnouncedRoutes extends AbstractList<Route> implements RandomAccess {
    private final List<Nlri> body;
    private final InetAddress bodyNextHop;
    private final List<Nlri> reach;
    private final InetAddress reachNextHop;
    private final List<PathAttribute> attributes;
    private final InetAddress peer;

    AnnouncedRoutes(List<Nlri> body, InetAddress bodyNextHop, List<Nlri> reach, InetAddress reachNextHop,
        List<PathAttribute> attributes, InetAddress peer) {
      this.body = body;
      this.bodyNextHop = bodyNextHop;
      this.reach = reach;
      this.reachNextHop = reachNextHop;
      this.attributes = attributes;
      this.peer = peer;
    }

    @Override
    public Route get(int index) {
      int b = body.size();
      return index < b ? new Route(body.get(index), bodyNextHop, attributes, peer)
          : new Route(reach.get(index - b), reachNextHop, attributes, peer);
    }

    @Override
    public int size() {
      return body.size() + reach.size();
    }
  }

  /** RFC 6793 §4.2.3: rebuild the 4-octet path from AS_PATH and AS4_PATH (sequence-only paths). */
  static AsPath mergeAs4(AsPath asPath, As4Path as4Path) {
    int n = asPath.pathLength();
    int m = 0;
    for (AsPathSegment s : as4Path.segments()) {
      m += s.type() == AsPathSegment.Type.AS_SET ? 1 : s.type().isConfederation() ? 0 : s.asns().size();
    }
    if (m > n) {
      return asPath; // RFC 6793: ignore AS4_PATH
    }
    List<Long> lead = new ArrayList<>();
    int take = n - m;
    for (AsPathSegment s : asPath.segments()) {
      if (take == 0) {
        break;
      }
      if (s.type() != AsPathSegment.Type.AS_SEQUENCE) {
        return asPath;
      }
      for (Long a : s.asns()) {
        if (take == 0) {
          break;
        }
        lead.add(a);
        take--;
      }
    }
    List<AsPathSegment> segs = new ArrayList<>();
    List<AsPathSegment> tail = as4Path.segments();
    if (!lead.isEmpty()) {
      if (!tail.isEmpty() && tail.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
          && lead.size() + tail.get(0).asns().size() <= 255) {
        // one sequence, as the path was before a 2-octet speaker split it
        lead.addAll(tail.get(0).asns());
        tail = tail.subList(1, tail.size());
      }
      segs.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, lead));
    }
    segs.addAll(tail);
    return new AsPath(asPath.flags(), segs);
  }
}
