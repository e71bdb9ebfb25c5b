package org.evpn4j.examples.speaker;

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
 * The configuration file of {@code evpn4j speaker}: a {@code bgp:} section ({@link BgpSection})
 * and an optional {@code api:} section ({@link ApiSection}); any other top-level key is refused.
 * Immutable.
 *
 * @param api null when the file has no {@code api:} section (no HTTP API)
 */
public record SpeakerConfig(BgpSettings bgp, ApiSettings api) {
  public SpeakerConfig {
    Objects.requireNonNull(bgp, "bgp");
  }

  /** Parses a whole document. @throws org.evpn4j.examples.config.ConfigException naming the key */
  public static SpeakerConfig parse(ConfigNode root) {
    BgpSettings bgp = BgpSection.parse(root.section("bgp"));
    ApiSettings api = root.optionalSection("api").map(ApiSection::parse).orElse(null);
    root.finish();
    return new SpeakerConfig(bgp, api);
  }

  public static SpeakerConfig parse(String yaml) {
    return parse(ConfigFile.parse(yaml));
  }

  public static SpeakerConfig read(Path file) throws IOException {
    return parse(ConfigFile.read(file));
  }
}
