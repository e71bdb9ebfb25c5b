package org.evpn4j.bfd;

/**
 * The diagnostic code of a BFD Control packet (RFC 5880 §4.1, the 5-bit Diag field): why the
 * sender's last session state change happened. An open set: the codes RFC 5880 defines are
 * constants, any other value 0–31 is kept and re-encoded as it came.
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdDiagnostic(int code) {
  public static final BfdDiagnostic NONE = new BfdDiagnostic(0);
  public static final BfdDiagnostic CONTROL_DETECTION_TIME_EXPIRED = new BfdDiagnostic(1);
  public static final BfdDiagnostic ECHO_FUNCTION_FAILED = new BfdDiagnostic(2);
  public static final BfdDiagnostic NEIGHBOR_SIGNALED_SESSION_DOWN = new BfdDiagnostic(3);
  public static final BfdDiagnostic FORWARDING_PLANE_RESET = new BfdDiagnostic(4);
  public static final BfdDiagnostic PATH_DOWN = new BfdDiagnostic(5);
  public static final BfdDiagnostic CONCATENATED_PATH_DOWN = new BfdDiagnostic(6);
  public static final BfdDiagnostic ADMINISTRATIVELY_DOWN = new BfdDiagnostic(7);
  public static final BfdDiagnostic REVERSE_CONCATENATED_PATH_DOWN = new BfdDiagnostic(8);

  private static final String[] NAMES = {"none", "control-detection-time-expired", "echo-function-failed",
      "neighbor-signaled-session-down", "forwarding-plane-reset", "path-down", "concatenated-path-down",
      "administratively-down", "reverse-concatenated-path-down"};

  public BfdDiagnostic {
    if (code < 0 || code > 31) {
      throw new IllegalArgumentException("BFD diagnostic code must be 0-31: " + code);
    }
  }

  /** The diagnostic for a Diag field value 0–31. */
  public static BfdDiagnostic of(int code) {
    return new BfdDiagnostic(code);
  }

  /** The RFC 5880 name in lower-case words ({@code control-detection-time-expired}), or {@code unassigned-N}. */
  public String name() {
    return code < NAMES.length ? NAMES[code] : "unassigned-" + code;
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
