package org.evpn4j.bgp.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector (paranoid in tests, see the surefire argLine) with every report also
 * counted, so a test can assert that nothing leaked instead of hoping someone reads the log.
 * Installed with {@code -Dio.netty.customResourceLeakDetector}.
 */
public final class CountingLeakDetector<T> extends ResourceLeakDetector<T> {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  public CountingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  public CountingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval);
  }

  /** Leak reports so far (each with Netty's access records). */
  public static List<String> leaks() {
    return List.copyOf(LEAKS);
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(resourceType + ": " + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(resourceType + " (untraced)");
    super.reportUntracedLeak(resourceType);
  }
}
