package org.evpn4j.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code evpn4j}. Commands print to the given streams (not System.out) so tests
 * can run them in-process.
 */
public interface Command {
  /** One line for {@code evpn4j help}. */
  String summary();

  /**
   * Runs the command.
   *
   * @return the process exit code: 0 success, 1 the job failed, 2 bad usage
   */
  int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception;
}
