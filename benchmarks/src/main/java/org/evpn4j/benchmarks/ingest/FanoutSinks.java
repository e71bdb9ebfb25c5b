package org.evpn4j.benchmarks.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The clients of the fan-out benchmark: several minimal iBGP sessions in one JVM (each an
 * {@link IngestSender} with no routes of its own, connecting from its own loopback address),
 * counting the EVPN routes the route reflector sends them.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.evpn4j.benchmarks.ingest.FanoutSinks \
 *     --connect 127.0.0.42:10280 --locals 127.0.0.43,127.0.0.44 --expect 1000000
 * </pre>
 *
 * <p>Standard output: {@code established_all epoch_ns=T} once every session is up, then
 * {@code sink ADDRESS received_all epoch_ns=T} as each reaches {@code --expect} routes and
 * {@code all_received epoch_ns=T} (the last of them). Runs until standard input ends or SIGTERM.
 */
public final class FanoutSinks {
  private FanoutSinks() {}

  public static void main(String[] args) throws Exception {
    String connect = null;
    String[] locals = null;
    long expect = 0;
    long asn = 65000;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      checkArgument(i + 1 < args.length, "%s needs a value", a);
      String v = args[++i];
      switch (a) {
        case "--connect" -> connect = v;
        case "--locals" -> locals = v.split(",");
        case "--expect" -> expect = Long.parseLong(v.replace("_", "").replace(",", ""));
        case "--asn" -> asn = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown option: " + a);
      }
    }
    checkArgument(connect != null && locals != null && expect > 0, "--connect, --locals and --expect are required");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    List<IngestSender> sinks = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < locals.length; i++) {
      IngestSender sink = new IngestSender(IngestSender.Options.parse(new String[] {
          "--connect", connect, "--local", locals[i], "--asn", String.valueOf(asn), "--routes", "0",
          "--router-id", locals[i].replaceFirst("^127\\.0\\.0\\.", "192.0.2."), "--expect", String.valueOf(expect)}),
          quiet);
      sinks.add(sink);
      Thread t = new Thread(() -> {
        try {
          sink.run();
        } catch (Exception e) {
          System.err.println("FanoutSinks: " + e);
        }
      }, "sink-" + locals[i]);
      t.setDaemon(true);
      threads.add(t);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runnable stopAll = () -> {
      sinks.forEach(IngestSender::stop);
      stop.countDown();
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stopAll, "sinks-stop"));
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // wait for end of input
        }
      } catch (java.io.IOException e) {
        // end of input
      }
      stopAll.run();
    }, "sinks-stdin");
    stdin.setDaemon(true);
    stdin.start();
    threads.forEach(Thread::start);

    boolean[] reported = new boolean[sinks.size()];
    boolean up = false;
    int done = 0;
    long last = 0;
    while (stop.getCount() > 0) {
      if (!up && sinks.stream().allMatch(IngestSender::isEstablished)) {
        up = true;
        System.out.println("established_all epoch_ns=" + IngestSender.epochNanos());
      }
      for (int i = 0; i < sinks.size(); i++) {
        long at = sinks.get(i).receivedAllAtNanos();
        if (!reported[i] && at != 0) {
          reported[i] = true;
          done++;
          last = Math.max(last, at);
          System.out.println("sink " + locals[i] + " received_all epoch_ns=" + at);
          if (done == sinks.size()) {
            System.out.println("all_received epoch_ns=" + last);
          }
        }
      }
      System.out.flush();
      Thread.sleep(5);
    }
  }
}
