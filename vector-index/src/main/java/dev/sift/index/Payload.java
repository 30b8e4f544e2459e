package dev.sift.index;

import java.util.Map;
import java.util.Objects;

/**
 * What is stored beside a vector: the text that lexical search indexes, and string attributes
 * returned with hits. Attributes with null values are dropped.
 */
public record Payload(String text, Map<String, String> attributes) {
  public Payload {
    text = text == null ? "" : text;
    Objects.requireNonNull(attributes, "attributes");
    var copy = new java.util.LinkedHashMap<String, String>();
    attributes.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    attributes = java.util.Collections.unmodifiableMap(copy);
  }

  public String attribute(String name) {
    return attributes.get(name);
  }
}
