package org.evpn4j.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Afi;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.examples.json.JsonOutput;
import org.evpn4j.examples.json.MessageJson;
import picocli.CommandLine;

/**
 * {@code evpn4j decode [--hex HEX ...] [--file FILE ...] [--four-octet-as] [--add-path AFI/SAFI ...]}:
 * decodes complete BGP messages (header included) and prints one JSON object per message per
 * line. Messages may be up to 65535 octets (as if RFC 8654 extended messages were negotiated).
 * AS numbers are read as 4 octets with {@code --four-octet-as}, and also after an OPEN in the
 * same input that carries the 4-octet AS capability (a capture of one side of a session).
 * After a message whose header cannot be framed the rest of that input is skipped (an ERROR
 * object says why). Inputs are decoded in the order given.
 */
@CommandLine.Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    sortOptions = false, synopsisHeading = "usage: ",
    header = "decode BGP messages (hex or a file of back-to-back messages) to JSON lines",
    customSynopsis = "evpn4j decode [--hex HEX ...] [--file FILE ...] [--four-octet-as] [--add-path AFI/SAFI ...]"
        + " [--extended-next-hop AFI/SAFI ...]",
    description = {
        "Decodes complete BGP messages (19-byte header included, up to 65535 bytes each) and prints one JSON object"
            + " per message per line (fields: README, 'evpn4j decode'). Bad input never makes it fail: RFC 7606"
            + " verdicts and the NOTIFICATION a session would send are part of the output.",
        "At least one --hex or --file is needed."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./evpn4j decode --file examples/samples/gobgp-evpn-updates.bin",
        "  ./evpn4j decode --hex 'ffffffffffffffffffffffffffffffff 0013 04'"})
public final class DecodeCommand implements Command {
  /** One input: {@code --hex} or {@code --file}; a list of them keeps the command-line order. */
  static final class Input {
    @CommandLine.Option(names = "--hex", paramLabel = "HEX", required = true, description = "messages as hex"
        + " (whitespace allowed, several back to back allowed); repeatable")
    private String hex;

    @CommandLine.Option(names = "--file", paramLabel = "FILE", required = true, description = "a file of"
        + " back-to-back binary messages (e.g. one side of a BGP TCP stream); repeatable")
    private Path file;
  }

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..*")
  private List<Input> inputs = new ArrayList<>();

  @CommandLine.Option(names = "--four-octet-as", description = "read AS_PATH/AGGREGATOR with 4-octet AS numbers"
      + " (also switched on by an OPEN in the input that carries the 4-octet AS capability)")
  private boolean fourOctetAs;

  @CommandLine.Option(names = "--add-path", paramLabel = "AFI/SAFI", description = "read RFC 7911 path identifiers"
      + " for this family: ipv4-unicast, ipv6-unicast, l2vpn-evpn or numbers such as 1/1; repeatable")
  private List<String> addPathFamilies = new ArrayList<>();

  @CommandLine.Option(names = "--extended-next-hop", paramLabel = "AFI/SAFI", description = "accept an IPv6 next"
      + " hop in MP_REACH_NLRI for this family, as after RFC 8950 negotiation (e.g. ipv4-unicast); also switched on"
      + " by an OPEN in the input that carries the extended next hop capability; repeatable")
  private List<String> extendedNextHopFamilies = new ArrayList<>();

  @Override
  public int execute(InputStream in, PrintStream out, PrintStream err) throws IOException {
    if (inputs == null || inputs.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "nothing to decode: give --hex or --file");
    }
    Set<AddressFamily> addPath = new LinkedHashSet<>();
    for (String f : addPathFamilies) {
      try {
        addPath.add(AddressFamily.parse(f));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--add-path: " + e.getMessage());
      }
    }
    Set<AddressFamily> extendedNextHop = new LinkedHashSet<>();
    for (String f : extendedNextHopFamilies) {
      try {
        extendedNextHop.add(AddressFamily.parse(f));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--extended-next-hop: " + e.getMessage());
      }
    }
    List<byte[]> data = new ArrayList<>();
    for (Input i : inputs) {
      if (i.hex != null) {
        try {
          data.add(Bytes.fromHex(i.hex).toByteArray());
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--hex: " + e.getMessage());
        }
      } else if (!Files.isRegularFile(i.file)) {
        err.println("evpn4j decode: --file: no such file: " + i.file);
        return Evpn4j.FAILED;
      } else {
        data.add(Files.readAllBytes(i.file));
      }
    }
    DecodeContext ctx = DecodeContext.DEFAULT.withFourOctetAs(fourOctetAs).withAddPathReceive(addPath)
        .withExtendedNextHop(extendedNextHop)
        .withMaxMessageLength(DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH);
    BgpMessageDecoder decoder = new BgpMessageDecoder(BgpPlugins.codecs());
    MessageJson json = BgpPlugins.messageJson();
    for (byte[] input : data) {
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
      if (r.message() instanceof OpenMessage open) {
        // a capture of one side of a session: the OPEN tells how the rest is encoded
        if (open.capability(FourOctetAsCapability.class).isPresent()) {
          ctx = ctx.withFourOctetAs(true);
        }
        Set<AddressFamily> ipv6NextHop = new LinkedHashSet<>(ctx.extendedNextHop());
        open.capability(ExtendedNextHopCapability.class).ifPresent(c -> c.entries().stream()
            .filter(e -> e.nextHopAfi().equals(Afi.IPV6)).forEach(e -> ipv6NextHop.add(e.family())));
        ctx = ctx.withExtendedNextHop(ipv6NextHop);
      }
      if (r.length() == 0) {
        return; // cannot frame: the rest of the input cannot be located
      }
    }
  }
}
