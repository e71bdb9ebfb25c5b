package org.evpn4j.bgp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.NotificationMessage;

/**
 * The outcome of decoding one message: the message (when it could be decoded at all) and the
 * RFC 7606 / RFC 4271 verdict. Immutable.
 *
 * <ul>
 *   <li>clean: {@link #errors()} empty, {@link #action()} {@code NONE};
 *   <li>{@code ATTRIBUTE_DISCARD}: use the message; the discarded attributes are already gone;
 *   <li>{@code TREAT_AS_WITHDRAW}: withdraw every route the UPDATE announces (its NLRI field and
 *       MP_REACH_NLRI) and process its withdrawals;
 *   <li>{@code AFI_SAFI_DISABLE}: see {@link #disabledFamilies()}; routes of other families in the
 *       message are still good (treat-as-withdraw applies if the verdict of those says so);
 *   <li>{@code SESSION_RESET}: send {@link #notification()} and close.
 * </ul>
 *
 * @param message the decoded message, or null when the bytes could not be decoded as a message
 *     (framing errors, truncated or impossible bodies)
 * @param length the number of bytes the message occupied (its header length field) when it could
 *     be framed, else 0: a caller reading a stream cannot continue after a 0
 * @param errors every problem found, in the order found
 */
public record DecodeResult(BgpMessage message, int length, List<DecodeError> errors) {

  public DecodeResult {
    errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
    if (message == null && errors.isEmpty()) {
      throw new IllegalArgumentException("a result without a message needs an error");
    }
  }

  public static DecodeResult clean(BgpMessage message, int length) {
    return new DecodeResult(Objects.requireNonNull(message, "message"), length, List.of());
  }

  public boolean isClean() {
    return errors.isEmpty();
  }

  public boolean hasMessage() {
    return message != null;
  }

  /** The strongest action among the errors; {@code NONE} when clean. */
  public ErrorAction action() {
    ErrorAction a = ErrorAction.NONE;
    for (int i = 0; i < errors.size(); i++) {
      a = ErrorAction.strongest(a, errors.get(i).action());
    }
    return a;
  }

  /** The first error with the strongest action. */
  public Optional<DecodeError> strongestError() {
    DecodeError best = null;
    for (DecodeError e : errors) {
      if (best == null || e.action().isStrongerThan(best.action())) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The NOTIFICATION to send when {@link #action()} is session-reset (the first such error's). */
  public Optional<NotificationMessage> notification() {
    for (DecodeError e : errors) {
      if (e.action() == ErrorAction.SESSION_RESET) {
        return Optional.of(NotificationMessage.of(e.error(), e.data()));
      }
    }
    return Optional.empty();
  }

  /** The families RFC 7606 says to disable (afi-safi-disable errors). */
  public Set<AddressFamily> disabledFamilies() {
    Set<AddressFamily> s = new LinkedHashSet<>();
    for (DecodeError e : errors) {
      if (e.action() == ErrorAction.AFI_SAFI_DISABLE && e.family() != null) {
        s.add(e.family());
      }
    }
    return s;
  }

  /** The errors with exactly {@code action}. */
  public List<DecodeError> errors(ErrorAction action) {
    List<DecodeError> out = new ArrayList<>();
    for (DecodeError e : errors) {
      if (e.action() == action) {
        out.add(e);
      }
    }
    return out;
  }

  /** A result for bytes that are not a message at all. */
  static DecodeResult failed(int length, BgpError error, Bytes data, String reason) {
    return new DecodeResult(null, length,
        List.of(new DecodeError(ErrorAction.SESSION_RESET, -1, null, error, data, reason)));
  }
}
