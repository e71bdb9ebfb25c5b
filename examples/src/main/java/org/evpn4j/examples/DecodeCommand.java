package org.evpn4j.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.examples.json.JsonOutput;
import org.evpn4j.examples.json.MessageJson;

/**
 * {@code evpn4j decode [--hex HEX ...] [--file FILE] [--four-octet-as] [--add-path AFI/SAFI ...]}:
 * decodes complete BGP messages (header included) and prints one JSON object per message per
 * line. Messages may be up to 65535 octets (as if RFC 8654 extended messages were negotiated).
 * AS numbers are read as 4 octets with {@code --four-octet-as}, and also after an OPEN in the
 * same input that carries the 4-octet AS capability (a capture of one side of a session).
 * After a message whose header cannot be framed the rest of that input is skipped (an ERROR
 * object says why).
 */
public final class DecodeCommand implements Command {
  private static final String USAGE =
      "usage: evpn4j decode [--hex HEX ...] [--file FILE] [--four-octet-as] [--add-path AFI/SAFI ...]";

  @Override
  public String summary() {
    return "decode BGP messages (hex or a file of back-to-back messages) to JSON lines";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws IOException {
    List<byte[]> inputs = new java.util.ArrayList<>();
    boolean fourOctetAs = false;
    Set<AddressFamily> addPath = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--hex", "--file", "--add-path" -> {
          if (i + 1 >= args.size()) {
            err.println("evpn4j decode: " + a + " needs a value");
            err.println(USAGE);
            return 2;
          }
          String v = args.get(++i);
          if (a.equals("--hex")) {
            try {
              inputs.add(Bytes.fromHex(v).toByteArray());
            } catch (IllegalArgumentException e) {
              err.println("evpn4j decode: --hex: " + e.getMessage());
              return 2;
            }
          } else if (a.equals("--file")) {
            Path p = Path.of(v);
            if (!Files.isRegularFile(p)) {
              err.println("evpn4j decode: --file: no such file: " + v);
              return 1;
            }
            inputs.add(Files.readAllBytes(p));
          } else {
            try {
              addPath.add(AddressFamily.parse(v));
            } catch (IllegalArgumentException e) {
              err.println("evpn4j decode: --add-path: " + e.getMessage());
              return 2;
            }
          }
        }
        case "--four-octet-as" -> fourOctetAs = true;
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> {
          err.println("evpn4j decode: unknown option " + a);
          err.println(USAGE);
          return 2;
        }
      }
    }
    if (inputs.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    DecodeContext ctx = DecodeContext.DEFAULT.withFourOctetAs(fourOctetAs).withAddPathReceive(addPath)
        .withMaxMessageLength(DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH);
    BgpMessageDecoder decoder = new BgpMessageDecoder(BgpPlugins.codecs());
    MessageJson json = BgpPlugins.messageJson();
    for (byte[] input : inputs) {
      decodeStream(input, decoder, ctx, json, out);
    }
    out.flush();
    return 0;
  }

  static void decodeStream(byte[] input, BgpMessageDecoder decoder, DecodeContext ctx, MessageJson json, PrintStream out) {
    ByteBuf buf = Unpooled.wrappedBuffer(input);
    while (buf.isReadable()) {
      DecodeResult r;
      try {
        r = decoder.decode(buf, ctx);
      } catch (RuntimeException e) {
        // the decoder returns verdicts; this is a last line of defence so decode never crashes
        String reason = "internal error: " + e.getClass().getSimpleName();
        out.println(JsonOutput.line(w -> {
          w.writeStartObject();
          w.writeStringField("type", "ERROR");
          w.writeNumberField("length", 0);
          w.writeStringField("action", "session-reset");
          w.writeObjectFieldStart("notification");
          w.writeEndObject();
          w.writeStringField("reason", reason);
          w.writeEndObject();
        }));
        return;
      }
      out.println(json.toJson(r));
      if (!ctx.fourOctetAs() && r.message() instanceof OpenMessage open
          && open.capability(FourOctetAsCapability.class).isPresent()) {
        // a capture of one side of a session: the OPEN tells how the rest is encoded
        ctx = ctx.withFourOctetAs(true);
      }
      if (r.length() == 0) {
        return; // cannot frame: the rest of the input cannot be located
      }
    }
  }
}
