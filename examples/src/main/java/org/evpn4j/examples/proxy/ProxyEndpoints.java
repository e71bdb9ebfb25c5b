package org.evpn4j.examples.proxy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.examples.http.HttpApi;
import org.evpn4j.examples.http.JsonOut;
import org.evpn4j.proxy.EvpnProxy;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ProxyStateCursor;
import org.evpn4j.proxy.ProxyStatePage;
import org.evpn4j.proxy.ProxyStateQuery;

/**
 * The proxy's part of the HTTP API:
 *
 * <ul>
 *   <li>{@code GET /proxy/state} ({@link ProxyJson}): the whole state, streamed — read from the
 *       proxy in pages of {@value #PAGE} MACs per service, each written when the client has taken
 *       the previous one, so neither the proxy thread nor the server holds the whole table;
 *       filters {@code service=NAME}, {@code vtep=ADDRESS}, {@code mac=MAC}. With {@code
 *       limit=N} (1..{@value #MAX_LIMIT}) and/or {@code after=CURSOR} one page of at most N MACs
 *       over all services (default {@value #PAGE}), ending with {@code "next"}: the cursor for
 *       {@code after=}, null on the last page.
 *   <li>{@code GET /proxy/state/summary}: counts only.
 * </ul>
 *
 * A bad parameter answers 400 naming it. The streamed document is read page by page while the
 * proxy keeps learning, so it is not one atomic snapshot (time and counters are those of its
 * start). Thread-safe.
 */
public final class ProxyEndpoints {
  /** MACs read from the proxy per step of a streamed document, and the default page. */
  static final int PAGE = 1000;
  static final int MAX_LIMIT = 100_000;
  private static final Set<String> PARAMETERS = Set.of("service", "vtep", "mac", "limit", "after");

  private final EvpnProxy proxy;
  private final BooleanSupplier reloadAvailable;

  public ProxyEndpoints(EvpnProxy proxy, BooleanSupplier reloadAvailable) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    this.reloadAvailable = Objects.requireNonNull(reloadAvailable, "reloadAvailable");
  }

  public ProxyEndpoints register(HttpApi api) {
    api.route("/proxy/state", this::state);
    api.route("/proxy/state/summary", r -> {
      if (!r.query().isEmpty()) {
        return HttpApi.Response.error(400, "/proxy/state/summary takes no parameters");
      }
      return HttpApi.Response.json(ProxyJson.summary(await(proxy.summary()), reloadAvailable.getAsBoolean()));
    });
    return this;
  }

  HttpApi.Answer state(HttpApi.Request r) throws Exception {
    for (String name : r.query().keySet()) {
      if (!PARAMETERS.contains(name)) {
        return HttpApi.Response.error(400, "unknown parameter '" + name + "' (known: service, vtep, mac, limit, after)");
      }
    }
    InetAddress vtep = null;
    MacAddress mac = null;
    ProxyStateCursor after = null;
    Integer limit = null;
    try {
      String v = r.param("vtep");
      if (v != null) {
        vtep = InetAddresses.forString(v);
      }
    } catch (IllegalArgumentException e) {
      return HttpApi.Response.error(400, "vtep: not an IP address: '" + r.param("vtep") + "'");
    }
    try {
      String m = r.param("mac");
      if (m != null) {
        mac = MacAddress.parse(m);
      }
    } catch (IllegalArgumentException e) {
      return HttpApi.Response.error(400, "mac: not a MAC address: '" + r.param("mac") + "'");
    }
    String l = r.param("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        return HttpApi.Response.error(400, "limit: '" + l + "' is not 1.." + MAX_LIMIT);
      }
    }
    if (r.param("after") != null) {
      try {
        after = ProxyStateCursor.parse(r.param("after"));
      } catch (IllegalArgumentException e) {
        return HttpApi.Response.error(400, "after: " + e.getMessage());
      }
    }
    ProxyStateQuery q = new ProxyStateQuery(r.param("service"), vtep, mac, limit == null ? PAGE : limit, after);
    boolean reload = reloadAvailable.getAsBoolean();
    if (limit != null || after != null) {
      try {
        return HttpApi.Response.json(ProxyJson.page(await(proxy.statePage(q)), reload));
      } catch (IllegalArgumentException e) {
        return HttpApi.Response.error(400, e.getMessage());
      }
    }
    return HttpApi.Streamed.json(new Stream(proxy, q.withLimit(PAGE), reload, r.worker()));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("the proxy did not answer within 60 s", e);
    }
  }

  /**
   * The whole state document, written part by part: first the document's start and the first
   * service's fields (a page of limit 0 gives every service's fields, the native VTEPs and the
   * counters), then for each service its MACs a page at a time, then the rest.
   */
  static final class Stream implements HttpApi.StreamedBody {
    private final EvpnProxy proxy;
    private final ProxyStateQuery query;
    private final Boolean reload;
    private final Executor worker;
    private JsonGenerator g;
    private ProxyStatePage head;
    private int service = -1;
    private ProxyStateCursor after;

    Stream(EvpnProxy proxy, ProxyStateQuery query, boolean reload, Executor worker) {
      this.proxy = proxy;
      this.query = query;
      this.reload = reload;
      this.worker = worker;
    }

    @Override
    public CompletionStage<Boolean> writeNext(OutputStream out) {
      if (g == null) {
        g = JsonOut.generator(out);
      }
      if (head == null) {
        return proxy.statePage(query.withLimit(0)).thenApplyAsync(p -> write(() -> {
          head = p;
          ProxyJson.start(g, p.time(), reload);
          return nextService();
        }), worker);
      }
      ProxySnapshot.ServiceState sv = head.services().get(service);
      return proxy.statePage(query.withService(sv.name()).withAfter(after)).handleAsync((p, err) -> write(() -> {
        if (err != null) {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (!(cause instanceof IllegalArgumentException)) { // the service went away meanwhile: it ends here
            throw new CompletionException(cause);
          }
        } else {
          for (ProxySnapshot.ServiceState s : p.services()) {
            for (ProxySnapshot.MacState m : s.macs()) {
              ProxyJson.mac(g, m);
            }
          }
          after = p.next();
          if (after != null) {
            return false;
          }
        }
        ProxyJson.serviceEnd(g, sv);
        return nextService();
      }), worker);
    }

    /** Opens the next service, or ends the document; true when it ended. */
    private boolean nextService() throws IOException {
      service++;
      after = null;
      List<ProxySnapshot.ServiceState> all = head.services();
      if (service < all.size()) {
        ProxyJson.serviceStart(g, all.get(service));
        return false;
      }
      ProxyJson.end(g, head.nativeVteps(), head.counters());
      g.writeEndObject();
      return true;
    }

    private boolean write(Step step) {
      try {
        boolean done = step.run();
        g.flush();
        return done;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @FunctionalInterface
    private interface Step {
      boolean run() throws IOException;
    }

    @Override
    public void close() {
      // the generator only wraps the connection's buffers; nothing to release
    }
  }
}
