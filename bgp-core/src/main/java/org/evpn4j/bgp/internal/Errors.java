package org.evpn4j.bgp.internal;

import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpError;
import org.evpn4j.bgp.codec.DecodeError;
import org.evpn4j.bgp.codec.ErrorAction;

/** Collects the errors of one decode; allocates nothing while there are none. Not thread-safe. */
public final class Errors {
  private List<DecodeError> list;

  public void add(DecodeError e) {
    if (list == null) {
      list = new ArrayList<>(4);
    }
    list.add(e);
  }

  public void sessionReset(int attribute, BgpError error, Bytes data, String reason) {
    add(new DecodeError(ErrorAction.SESSION_RESET, attribute, null, error, data, reason));
  }

  public void afiSafiDisable(int attribute, AddressFamily family, String reason) {
    add(new DecodeError(ErrorAction.AFI_SAFI_DISABLE, attribute, family, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
        Bytes.EMPTY, reason));
  }

  public void treatAsWithdraw(int attribute, BgpError rfc4271Error, String reason) {
    add(new DecodeError(ErrorAction.TREAT_AS_WITHDRAW, attribute, null, rfc4271Error, Bytes.EMPTY, reason));
  }

  public void attributeDiscard(int attribute, BgpError rfc4271Error, String reason) {
    add(new DecodeError(ErrorAction.ATTRIBUTE_DISCARD, attribute, null, rfc4271Error, Bytes.EMPTY, reason));
  }

  public boolean isEmpty() {
    return list == null;
  }

  public boolean hasSessionReset() {
    if (list != null) {
      for (DecodeError e : list) {
        if (e.action() == ErrorAction.SESSION_RESET) {
          return true;
        }
      }
    }
    return false;
  }

  public List<DecodeError> toList() {
    return list == null ? List.of() : list;
  }
}
