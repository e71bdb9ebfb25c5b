package org.evpn4j.examples;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which JVM options this process runs with and who chose them: the {@code ./evpn4j} launcher
 * (the serial collector on at most 2 CPUs), the {@code EVPN4J_JAVA_OPTS} variable, or whoever ran
 * {@code java} directly. Shown by {@code --version} and in the first lines of the long-running
 * commands, so a measurement or a bug report says which collector it ran on.
 */
final class JvmChoice {
  /** Set by the launcher: who chose the options it passed to {@code java}. */
  static final String SOURCE_VARIABLE = "EVPN4J_JAVA_OPTS_SOURCE";

  private JvmChoice() {}

  /**
   * One line, e.g. {@code JVM options -XX:+UseSerialGC (from the evpn4j launcher (2 CPUs)); Serial
   * collector, max heap 5,952 MiB, 2 CPUs}.
   */
  static String describe() {
    List<String> options = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-X")) {
        options.add(a);
      }
    }
    String source = System.getenv(SOURCE_VARIABLE);
    String from = source == null || source.isBlank() ? "the java command line" : source;
    return "JVM options " + (options.isEmpty() ? "none (the JVM's defaults)" : String.join(" ", options))
        + " (from " + from + "); " + collector() + " collector, max heap "
        + String.format(Locale.ROOT, "%,d", Runtime.getRuntime().maxMemory() >> 20) + " MiB, "
        + Runtime.getRuntime().availableProcessors() + " CPUs";
  }

  /** The collector's usual name, from its memory managers' names. */
  static String collector() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(b.getName());
    }
    String all = String.join(",", names);
    if (all.contains("G1")) {
      return "G1";
    } else if (all.contains("MarkSweepCompact") || all.equals("Copy")) {
      return "Serial";
    } else if (all.contains("PS ")) {
      return "Parallel";
    } else if (all.contains("ZGC")) {
      return "Z";
    } else if (all.contains("Shenandoah")) {
      return "Shenandoah";
    } else if (all.contains("Epsilon") || names.isEmpty()) {
      return "Epsilon";
    }
    return all;
  }
}
