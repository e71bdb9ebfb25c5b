package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * Hostname (draft-walton-bgp-hostname-capability), code 73: hostname length (1), hostname,
 * domain length (1), domain. Octets are kept as received (they need not be valid UTF-8).
 * Immutable.
 */
public record FqdnCapability(Bytes hostname, Bytes domain) implements Capability {
  public FqdnCapability {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(domain, "domain");
    checkArgument(hostname.length() <= 0xff, "hostname longer than 255 octets: %s", hostname.length());
    checkArgument(domain.length() <= 0xff, "domain longer than 255 octets: %s", domain.length());
  }

  public static FqdnCapability of(String hostname, String domain) {
    return new FqdnCapability(Bytes.of(hostname.getBytes(StandardCharsets.UTF_8)),
        Bytes.of(domain.getBytes(StandardCharsets.UTF_8)));
  }

  public String hostnameText() {
    return new String(hostname.toByteArray(), StandardCharsets.UTF_8);
  }

  public String domainText() {
    return new String(domain.toByteArray(), StandardCharsets.UTF_8);
  }

  @Override
  public int code() {
    return FQDN;
  }
}
