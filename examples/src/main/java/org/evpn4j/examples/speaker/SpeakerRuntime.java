package org.evpn4j.examples.speaker;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.examples.config.BgpSettings;
import org.evpn4j.examples.http.BgpEndpoints;
import org.evpn4j.examples.http.HttpApi;
import org.evpn4j.examples.http.RouteRenderer;

/**
 * A running {@code evpn4j speaker}: the {@link BgpSpeaker} with the configured routes announced,
 * and the HTTP API when configured. What the command runs, and what tests start in-process.
 * Thread-safe.
 */
public final class SpeakerRuntime implements AutoCloseable {
  private final SpeakerConfig config;
  private final BgpSpeaker speaker;
  private final HttpApi api;
  private volatile boolean closed;

  private SpeakerRuntime(SpeakerConfig config, BgpSpeaker speaker, HttpApi api) {
    this.config = config;
    this.speaker = speaker;
    this.api = api;
  }

  /** Starts the speaker, announces {@code bgp.routes}, then starts the HTTP API (if configured). */
  public static SpeakerRuntime start(SpeakerConfig config, RouteRenderer renderer) throws IOException {
    return start(config, renderer, null);
  }

  /**
   * As {@link #start(SpeakerConfig, RouteRenderer)}, with {@code listener} (nullable) registered
   * before any peer starts, so it sees every session from the first.
   */
  public static SpeakerRuntime start(SpeakerConfig config, RouteRenderer renderer, BgpSpeakerListener listener)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(renderer, "renderer");
    BgpSpeaker speaker = BgpSpeaker.start(config.bgp().speaker(), listener == null ? List.of() : List.of(listener));
    HttpApi api = null;
    try {
      BgpSettings.announce(speaker, List.of(), config.bgp().routes());
      if (config.api() != null) {
        api = HttpApi.start(config.api());
        new BgpEndpoints(speaker, renderer).register(api);
      }
    } catch (IOException | RuntimeException e) {
      speaker.close();
      throw e;
    }
    return new SpeakerRuntime(config, speaker, api);
  }

  public SpeakerConfig config() {
    return config;
  }

  public BgpSpeaker speaker() {
    return speaker;
  }

  /** The HTTP API, or null when the config has no {@code api:} section. */
  public HttpApi api() {
    return api;
  }

  /** Stops the HTTP API, then closes every session with Cease / Administrative Shutdown. */
  public void close(String shutdownCommunication) {
    if (closed) {
      return;
    }
    closed = true;
    if (api != null) {
      api.close();
    }
    speaker.close(shutdownCommunication);
  }

  @Override
  public void close() {
    close("");
  }
}
