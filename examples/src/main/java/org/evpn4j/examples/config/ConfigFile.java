package org.evpn4j.examples.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML configuration document into a root {@link ConfigNode}.
 *
 * <p>Every plain scalar stays text (only an empty value or {@code ~}/{@code null} means "absent"):
 * YAML 1.1's implicit typing would turn {@code 65000:100} into the base-60 number 3900100 and
 * {@code 0777} into an octal, so conversion is left to {@link ConfigValue}, which names the key
 * when the text is wrong. Duplicate keys, anchors expanding into huge documents and YAML tags
 * that construct objects are refused (SnakeYAML's safe loader).
 */
public final class ConfigFile {
  private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL| )$");
  private static final Pattern EMPTY = Pattern.compile("^$");

  private ConfigFile() {}

  /** Reads and parses {@code file}. */
  public static ConfigNode read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses a document; an empty document is an empty root. */
  public static ConfigNode parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    Yaml loader = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
        options, new TextResolver());
    Object doc;
    try {
      doc = loader.load(yaml);
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "" : "line " + (e.getProblemMark().getLine() + 1) + ", column "
          + (e.getProblemMark().getColumn() + 1) + ": ";
      throw new ConfigException("", "invalid YAML: " + where + oneLine(e.getProblem()));
    } catch (YAMLException e) {
      throw new ConfigException("", "invalid YAML: " + oneLine(e.getMessage()));
    }
    if (doc == null) {
      return ConfigNode.of("", new LinkedHashMap<>());
    }
    if (!(doc instanceof Map)) {
      throw new ConfigException("", "the document must be a mapping (key: value), not a " + ConfigNode.kind(doc));
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> m = (Map<Object, Object>) doc;
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new ConfigException("", "keys must be plain names, not " + ConfigNode.kind(e.getKey()));
      }
      root.put(k, e.getValue());
    }
    return new ConfigNode("", root);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').trim();
  }

  /** Resolves only null; every other plain scalar is a string. */
  private static final class TextResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN ");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
