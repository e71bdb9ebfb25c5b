package org.evpn4j.examples.proxy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.evpn4j.examples.config.ApiSection;
import org.evpn4j.examples.config.ApiSettings;
import org.evpn4j.examples.config.BgpSection;
import org.evpn4j.examples.config.BgpSettings;
import org.evpn4j.examples.config.ConfigFile;
import org.evpn4j.examples.config.ConfigNode;

/**
 * The configuration file of {@code evpn4j proxy}: the {@code bgp:} section ({@link BgpSection}),
 * an optional {@code api:} section ({@link ApiSection}) and the {@code proxy:} section ({@link
 * ProxySection}); any other top-level key is refused. Immutable.
 *
 * @param api null when the file has no {@code api:} section (no HTTP API)
 */
public record ProxyConfig(BgpSettings bgp, ApiSettings api, ProxySettings proxy) {
  public ProxyConfig {
    Objects.requireNonNull(bgp, "bgp");
    Objects.requireNonNull(proxy, "proxy");
  }

  /** Parses a whole document. @throws org.evpn4j.examples.config.ConfigException naming the key */
  public static ProxyConfig parse(ConfigNode root) {
    BgpSettings bgp = BgpSection.parse(root.section("bgp"));
    ApiSettings api = root.optionalSection("api").map(ApiSection::parse).orElse(null);
    ProxySettings proxy = ProxySection.parse(root.section("proxy"), bgp.speaker().routerId(), bgp.speaker().localAs());
    root.finish();
    return new ProxyConfig(bgp, api, proxy);
  }

  public static ProxyConfig parse(String yaml) {
    return parse(ConfigFile.parse(yaml));
  }

  public static ProxyConfig read(Path file) throws IOException {
    return parse(ConfigFile.read(file));
  }
}
