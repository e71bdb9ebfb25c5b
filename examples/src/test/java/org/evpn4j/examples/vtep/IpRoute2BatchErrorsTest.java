package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the failures of an iproute2 batch are read back from what the tool prints on stderr. */
class IpRoute2BatchErrorsTest {
  private static final List<String> COMMANDS = List.of(
      "fdb replace 02:00:00:00:00:01 dev vx10 dst 192.0.2.2 self static",
      "fdb replace 02:00:00:00:00:01 dev vx10 master static",
      "fdb del 02:00:00:00:00:09 dev vx10 self",
      "fdb replace 02:00:00:00:00:02 dev nosuch master static");

  @Test
  void eachFailureCarriesItsLineCommandAndMessage() {
    String stderr = """
        RTNETLINK answers: No such file or directory
        Command failed -:3
        Cannot find device "nosuch"
        Command failed -:4
        """;

    assertThat(IpRoute2.parseBatchErrors(stderr, COMMANDS)).containsExactly(
        new IpRoute2.BatchFailure(3, COMMANDS.get(2), "RTNETLINK answers: No such file or directory"),
        new IpRoute2.BatchFailure(4, COMMANDS.get(3), "Cannot find device \"nosuch\""));
  }

  @Test
  void messagesOfSeveralLinesAreJoinedAndLineNumbersOutOfRangeKeepNoCommand() {
    String stderr = "first\nsecond\nCommand failed -:9\n";

    assertThat(IpRoute2.parseBatchErrors(stderr, COMMANDS))
        .containsExactly(new IpRoute2.BatchFailure(9, "", "first; second"));
  }

  @Test
  void nothingOnStderrIsNoFailure() {
    assertThat(IpRoute2.parseBatchErrors("", COMMANDS)).isEmpty();
  }
}
