package org.evpn4j.benchmarks.vtep;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.junit.jupiter.api.Test;

/**
 * Keeps the VTEP-agent scale measurement working with a small N: the MACs reach the kernel's FDB
 * and leave it, in few batches and without a failed command. Timing is measured, never asserted.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2})
class VtepFdbScaleSmokeTest {
  @Test
  void twoThousandMacsAreProgrammedAndRemovedInBatches() throws Exception {
    VtepFdbScale.Result r = VtepFdbScale.run(2_000);

    assertThat(r.macs()).isEqualTo(2_000);
    assertThat(r.failedCommands()).isZero();
    // One process per batch, not per MAC: the whole exchange takes far fewer than 2,000 batches.
    assertThat(r.fdbBatches()).isBetween(2L, 200L);
    assertThat(r.json()).startsWith("{\"macs\":2000,");
  }
}
