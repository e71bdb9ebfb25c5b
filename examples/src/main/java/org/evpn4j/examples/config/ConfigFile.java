package org.evpn4j.examples.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
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

  /** A configuration file larger than this is refused before it is read (4 MiB). */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private ConfigFile() {}

  /**
   * Reads and parses {@code file}. A file over {@link #MAX_FILE_BYTES} is refused before it is
   * read, a file that is not UTF-8 with the line and column of the first bad byte (both as a
   * {@link ConfigException} of the document, key "").
   */
  public static ConfigNode read(Path file) throws IOException {
    return parse(readText(file));
  }

  /** The text of {@code file}, with the size limit and the UTF-8 check of {@link #read}. */
  public static String readText(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1); // a pipe or /proc file has no size
      if (bytes.length > MAX_FILE_BYTES) {
        long size = Files.isRegularFile(file) ? Files.size(file) : -1;
        throw new ConfigException("", String.format(Locale.ROOT, "file too large: %s (the limit is 4 MiB, %,d bytes)",
            size < 0 ? "more than " + String.format(Locale.ROOT, "%,d", MAX_FILE_BYTES) + " bytes"
                : String.format(Locale.ROOT, "%,d bytes", size), MAX_FILE_BYTES));
      }
      return utf8(bytes);
    }
  }

  /** Decodes {@code bytes} as UTF-8, refusing a malformed sequence with its line and column. */
  static String utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int bad = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      String before = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8);
      int column = before.codePointCount(0, before.length()) + 1;
      throw new ConfigException("", String.format(Locale.ROOT,
          "not UTF-8: line %d, column %d (byte offset %d): malformed sequence at byte 0x%02X (save the file as UTF-8)",
          line, column, bad, bytes[bad] & 0xff));
    }
    out.flip();
    return out.toString();
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
