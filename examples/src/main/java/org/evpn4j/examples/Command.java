package org.evpn4j.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code evpn4j}: a picocli {@code @Command} whose annotated options are filled
 * in before {@link #execute} runs. Commands print to the given streams (not System.out) so tests
 * can run them in-process.
 */
public interface Command {
  /**
   * Runs the command; its options are already set.
   *
   * @return the process exit code: 0 success, 1 the job failed, 2 bad usage or configuration
   */
  int execute(InputStream in, PrintStream out, PrintStream err) throws Exception;

  /**
   * Parses {@code args} (the arguments after the subcommand's name) into this instance's options
   * and runs it, as {@code evpn4j NAME ARGS} does; for tests that keep a handle on the command.
   *
   * @return the exit code (2 when the arguments do not parse)
   */
  default int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    return Evpn4j.run(this, args, in, out, err);
  }
}
