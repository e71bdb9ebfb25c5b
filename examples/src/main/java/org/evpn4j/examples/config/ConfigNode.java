package org.evpn4j.examples.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of a configuration document with its key path, read through typed accessors that
 * name the full key in every error. A section parser asks for each key it knows ({@link #value},
 * {@link #optional}, {@link #section}, {@link #sections}, {@link #values}) and then calls {@link
 * #finish()}, which refuses every key nobody asked for:
 *
 * <pre>{@code
 * ConfigNode peer = ...;                                   // path "bgp.peers[1]"
 * int hold = peer.optional("hold-time").map(v -> v.holdTime()).orElse(90);
 * peer.finish();   // "bgp.peers[1].hold-tme: unknown key (known: address, hold-time)"
 * }</pre>
 *
 * <p>Scalars are kept as text (see {@link ConfigFile}) and converted by {@link ConfigValue}. A key
 * whose value is empty or {@code ~} counts as absent. Not thread-safe; one parser reads one node.
 */
public final class ConfigNode {
  private final String path;
  private final Map<String, Object> map;
  private final Set<String> known = new LinkedHashSet<>();

  ConfigNode(String path, Map<String, Object> map) {
    this.path = Objects.requireNonNull(path, "path");
    this.map = Objects.requireNonNull(map, "map");
  }

  /** A node over {@code map} (keys strings, values strings, lists, maps or null) at {@code path}. */
  public static ConfigNode of(String path, Map<String, Object> map) {
    return new ConfigNode(path, new LinkedHashMap<>(map));
  }

  /** This node's key path ("" for the document). */
  public String path() {
    return path;
  }

  /** The full path of {@code key} in this node. */
  public String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** True when {@code key} is present with a non-empty value (does not mark it known). */
  public boolean has(String key) {
    return map.get(key) != null;
  }

  /** The keys present, in document order. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(map.keySet());
  }

  /** A required scalar. */
  public ConfigValue value(String key) {
    return optional(key).orElseThrow(() -> new ConfigException(keyPath(key), "missing"));
  }

  /** An optional scalar. */
  public Optional<ConfigValue> optional(String key) {
    known.add(key);
    Object v = map.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(keyPath(key), "expected a single value, not a " + kind(v));
    }
    return Optional.of(new ConfigValue(keyPath(key), v.toString()));
  }

  /** A required nested mapping. */
  public ConfigNode section(String key) {
    return optionalSection(key).orElseThrow(() -> new ConfigException(keyPath(key), "missing"));
  }

  /** An optional nested mapping. */
  public Optional<ConfigNode> optionalSection(String key) {
    known.add(key);
    Object v = map.get(key);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(asNode(keyPath(key), v));
  }

  /** A list of mappings ({@code key[0]}, {@code key[1]}, ...); empty when absent. */
  public List<ConfigNode> sections(String key) {
    List<Object> items = list(key);
    List<ConfigNode> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String p = keyPath(key) + "[" + i + "]";
      Object item = items.get(i);
      if (item == null) {
        throw new ConfigException(p, "empty list entry");
      }
      out.add(asNode(p, item));
    }
    return out;
  }

  /** A list of scalars; a single scalar counts as a list of one; empty when absent. */
  public List<ConfigValue> values(String key) {
    known.add(key);
    Object v = map.get(key);
    if (v != null && !(v instanceof List) && !(v instanceof Map)) {
      return List.of(new ConfigValue(keyPath(key), v.toString()));
    }
    List<Object> items = list(key);
    List<ConfigValue> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String p = keyPath(key) + "[" + i + "]";
      Object item = items.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        throw new ConfigException(p, item == null ? "empty list entry" : "expected a single value, not a " + kind(item));
      }
      out.add(new ConfigValue(p, item.toString()));
    }
    return out;
  }

  /** Marks {@code keys} known without reading them (e.g. a section another parser reads). */
  public ConfigNode allow(String... keys) {
    known.addAll(List.of(keys));
    return this;
  }

  /** Refuses the first key no accessor asked for, naming the known keys. */
  public void finish() {
    for (String key : map.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(keyPath(key), "unknown key" + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"));
      }
    }
  }

  /** A {@link ConfigException} for this node itself. */
  public ConfigException fail(String problem) {
    return new ConfigException(path, problem);
  }

  private List<Object> list(String key) {
    known.add(key);
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(keyPath(key), "expected a list, not a " + kind(v));
    }
    @SuppressWarnings("unchecked")
    List<Object> items = (List<Object>) l;
    return items;
  }

  @SuppressWarnings("unchecked")
  private static ConfigNode asNode(String path, Object v) {
    if (!(v instanceof Map)) {
      throw new ConfigException(path, "expected a mapping (key: value), not a " + kind(v));
    }
    Map<Object, Object> m = (Map<Object, Object>) v;
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new ConfigException(path, "keys must be plain names, not " + kind(e.getKey()));
      }
      copy.put(k, e.getValue());
    }
    return new ConfigNode(path, copy);
  }

  static String kind(Object v) {
    if (v instanceof Map) {
      return "mapping";
    } else if (v instanceof List) {
      return "list";
    } else if (v == null) {
      return "null";
    }
    return "value '" + v + "'";
  }

  @Override
  public String toString() {
    return (path.isEmpty() ? "<document>" : path) + map.keySet();
  }
}
