package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpError;

/**
 * NOTIFICATION (RFC 4271 §4.5): error code, subcode and data. Immutable.
 *
 * <pre>
 *  0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Error code    | Error subcode |   Data (variable)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Cease / Administrative Shutdown (6/2) and Administrative Reset (6/4) may carry a shutdown
 * communication (RFC 8203, RFC 9003): one length octet (0..255) then that many octets of UTF-8.
 */
public record NotificationMessage(int code, int subcode, Bytes data) implements BgpMessage {
  /** RFC 9003 §2: at most 255 octets of UTF-8. */
  public static final int MAX_SHUTDOWN_COMMUNICATION_LENGTH = 255;

  public NotificationMessage {
    checkArgument(code >= 0 && code <= 0xff, "code out of range 0..255: %s", code);
    checkArgument(subcode >= 0 && subcode <= 0xff, "subcode out of range 0..255: %s", subcode);
    Objects.requireNonNull(data, "data");
  }

  public static NotificationMessage of(BgpError error) {
    return new NotificationMessage(error.code(), error.subcode(), Bytes.EMPTY);
  }

  public static NotificationMessage of(BgpError error, Bytes data) {
    return new NotificationMessage(error.code(), error.subcode(), data);
  }

  /**
   * Cease with a shutdown communication (RFC 9003): {@code subcode} must be 2 (Administrative
   * Shutdown) or 4 (Administrative Reset); {@code text} at most 255 octets in UTF-8.
   */
  public static NotificationMessage shutdown(int subcode, String text) {
    checkArgument(subcode == 2 || subcode == 4,
        "subcode must be 2 (Administrative Shutdown) or 4 (Administrative Reset): %s", subcode);
    Objects.requireNonNull(text, "text");
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    checkArgument(utf8.length <= MAX_SHUTDOWN_COMMUNICATION_LENGTH,
        "text too long: %s octets of UTF-8 (expected: at most 255)", utf8.length);
    byte[] data = new byte[1 + utf8.length];
    data[0] = (byte) utf8.length;
    System.arraycopy(utf8, 0, data, 1, utf8.length);
    return new NotificationMessage(6, subcode, Bytes.of(data));
  }

  /** The error constant, when (code, subcode) is a known one. */
  public Optional<BgpError> error() {
    return Optional.ofNullable(BgpError.of(code, subcode));
  }

  /** A readable name such as "Cease / Administrative Shutdown" or "Error 9 / subcode 1". */
  public String name() {
    return BgpError.describe(code, subcode);
  }

  /**
   * The shutdown communication of a Cease 2 or 4 (RFC 9003 §2) when the data holds a well-formed
   * one (length octet matching the data, valid UTF-8); empty otherwise (RFC 9003: a malformed
   * communication is not shown).
   */
  public Optional<String> shutdownCommunication() {
    if (code != 6 || (subcode != 2 && subcode != 4) || data.isEmpty()) {
      return Optional.empty();
    }
    int len = data.getUnsigned(0);
    if (len + 1 != data.length()) {
      return Optional.empty();
    }
    byte[] b = data.toByteArray();
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 1, len)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  @Override
  public MessageType type() {
    return MessageType.NOTIFICATION;
  }
}
