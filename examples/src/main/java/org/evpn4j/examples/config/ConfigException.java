package org.evpn4j.examples.config;

import java.util.Objects;

/**
 * A configuration error naming the full key path and the problem, e.g. {@code
 * bgp.peers[1].hold-time: 2 is not 0 or 3..65535}. The message is meant for the operator as is.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String problem;

  public ConfigException(String key, String problem) {
    super(key.isEmpty() ? problem : key + ": " + problem);
    this.key = Objects.requireNonNull(key, "key");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The full key path ("bgp.peers[1].hold-time"); empty for the document itself. */
  public String key() {
    return key;
  }

  /** What is wrong with the value at {@link #key()}. */
  public String problem() {
    return problem;
  }
}
