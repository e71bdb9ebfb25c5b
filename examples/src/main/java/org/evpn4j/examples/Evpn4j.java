package org.evpn4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code evpn4j} command: the subcommands' options, help, version and shell completion through
 * picocli. Exit codes: 0 success, 1 the job failed at run time, 2 bad usage or a configuration
 * error.
 */
@CommandLine.Command(name = "evpn4j", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    synopsisHeading = "usage: ", customSynopsis = "evpn4j COMMAND [OPTIONS...]",
    description = "BGP-EVPN tools: decode BGP messages and VXLAN captures, run a speaker, the EVPN proxy or a"
        + " Linux VTEP agent, or a demo fabric.",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {"  ./evpn4j demo", "  ./evpn4j decode --help", "  source <(./evpn4j generate-completion)"})
public final class Evpn4j {
  /** Exit code: the job succeeded. */
  static final int OK = 0;
  /** Exit code: the job failed at run time (a file could not be read, a check failed, ...). */
  static final int FAILED = 1;
  /** Exit code: bad usage or a configuration error. */
  static final int USAGE = 2;

  private Evpn4j() {}

  /** One instance of every subcommand, in the order the help lists them. */
  static List<Command> commands() {
    return List.of(new DecodeCommand(), new PcapCommand(), new VtepCommand(), new SpeakerCommand(),
        new ProxyCommand(), new DemoCommand());
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("demo")) {
      DemoCommand.quietLibraryLogs();
    }
    System.exit(run(Arrays.asList(args), System.in, System.out, System.err));
  }

  /** Runs {@code evpn4j ARGS} in-process and returns its exit code. */
  public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    return execute(commandLine(commands(), in, out, err), args, out, err);
  }

  /** Runs {@code command} with {@code args} (what follows its name), as {@code evpn4j NAME ARGS}. */
  static int run(Command command, List<String> args, InputStream in, PrintStream out, PrintStream err) {
    List<Command> commands = new ArrayList<>();
    String name = new CommandLine(command).getCommandName();
    for (Command c : commands()) {
      commands.add(new CommandLine(c).getCommandName().equals(name) ? command : c);
    }
    List<String> argv = new ArrayList<>();
    argv.add(name);
    argv.addAll(args);
    return execute(commandLine(commands, in, out, err), argv, out, err);
  }

  private static int execute(CommandLine cl, List<String> args, PrintStream out, PrintStream err) {
    try {
      return cl.execute(args.toArray(new String[0]));
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
      out.flush();
      err.flush();
    }
  }

  /** The command line of {@code evpn4j} with these subcommand instances, printing to these streams. */
  static CommandLine commandLine(List<Command> commands, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Evpn4j());
    for (Command c : commands) {
      cl.addSubcommand(c);
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().usageMessage().hidden(false)
        .description("print a bash/zsh completion script for evpn4j (use: source <(./evpn4j generate-completion))");
    cl.addSubcommand("generate-completion", completion);
    Map<String, String> exitCodes = new LinkedHashMap<>();
    exitCodes.put("0", "success");
    exitCodes.put("1", "the job failed at run time");
    exitCodes.put("2", "bad usage or a configuration error");
    for (CommandLine sub : cl.getSubcommands().values()) {
      var usage = sub.getCommandSpec().usageMessage();
      usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
      if (usage.header().length > 0) {
        usage.synopsisHeading("%nusage: "); // a blank line between the one-line summary and the usage
      }
    }
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExitCodeExceptionMapper(e -> FAILED);
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine c = e.getCommandLine();
      PrintWriter to = c.getErr();
      to.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, to)) {
        to.print(c.getHelp().synopsisHeading() + c.getHelp().synopsis(0));
        to.println("(" + c.getCommandSpec().qualifiedName() + " --help for more)");
      }
      to.flush();
      return USAGE;
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e);
      c.getErr().flush();
      return FAILED;
    });
    cl.setExecutionStrategy(parsed -> {
      Integer help = CommandLine.executeHelpRequest(parsed);
      if (help != null) {
        return help;
      }
      ParseResult leaf = parsed;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      CommandSpec spec = leaf.commandSpec();
      if (spec.userObject() instanceof Command c) {
        try {
          return c.execute(in, out, err);
        } catch (CommandLine.ParameterException e) {
          throw e; // a usage error found while running: exit 2 with the usage
        } catch (Exception e) {
          throw new CommandLine.ExecutionException(spec.commandLine(), e.toString(), e);
        }
      }
      if (spec.userObject() instanceof Evpn4j) {
        // no subcommand: the overview, as a usage error
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
      }
      return new CommandLine.RunLast().execute(parsed); // help, generate-completion
    });
    return cl;
  }

  /** {@code evpn4j --version}: the project version from the build, the Java runtime and its options. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Evpn4j.class.getResourceAsStream("evpn4j-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
          "evpn4j " + p.getProperty("version", "(unknown version: built without Maven's resource filtering)"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
              + System.getProperty("java.vendor") + ")",
          JvmChoice.describe()
      };
    }
  }
}
