package org.evpn4j.examples.http;

/** Something that contributes samples to {@code GET /metrics}; called on an HTTP thread per scrape. */
@FunctionalInterface
public interface MetricsSource {
  void writeMetrics(PrometheusText out);
}
