package org.evpn4j.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code evpn4j} command: dispatches to a subcommand. */
public final class Evpn4j {
  private Evpn4j() {}

  /** Subcommands by name, in the order {@code help} lists them. */
  static Map<String, Supplier<Command>> commands() {
    Map<String, Supplier<Command>> m = new LinkedHashMap<>();
    // one line per subcommand
    m.put("decode", DecodeCommand::new);
    m.put("pcap", PcapCommand::new);
    m.put("vtep", VtepCommand::new);
    m.put("speaker", SpeakerCommand::new);
    m.put("proxy", ProxyCommand::new);
    m.put("demo", DemoCommand::new);
    return m;
  }

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.in, System.out, System.err));
  }

  /** Runs {@code evpn4j ARGS} in-process and returns its exit code. */
  public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    Map<String, Supplier<Command>> commands = commands();
    if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      PrintStream to = args.isEmpty() ? err : out;
      to.println("usage: evpn4j COMMAND [ARGS...]");
      to.println();
      to.println("commands:");
      commands.forEach((name, c) -> to.printf("  %-8s %s%n", name, c.get().summary()));
      return args.isEmpty() ? 2 : 0;
    }
    Supplier<Command> command = commands.get(args.get(0));
    if (command == null) {
      err.println("evpn4j: unknown command '" + args.get(0) + "' (try: evpn4j help)");
      return 2;
    }
    try {
      return command.get().run(args.subList(1, args.size()), in, out, err);
    } catch (Exception e) {
      err.println("evpn4j " + args.get(0) + ": " + e);
      return 1;
    }
  }
}
