package dev.sift.data.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads one JSON object per line into an {@link ImportRun}; the mapping names top-level keys. */
public final class NdjsonImport {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  // Jackson messages quote the whole input and add a location; the first line says what is wrong.
  private static final int MAX_MESSAGE_CHARS = 200;

  private NdjsonImport() {}

  public static void run(
      CharSource in, ReadLimits limits, EnumMap<TicketField, String> sources, ImportRun run) {
    LineReader lines = new LineReader(in, limits.maxRecordChars());
    for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
      if (line.text() == null) {
        run.reject(
            line.number(),
            "line is longer than the record length limit of " + limits.maxRecordChars() + " chars");
      } else if (!line.text().isBlank()) {
        readObject(line, limits, sources, run);
      }
    }
  }

  private static void readObject(
      LineReader.Line line,
      ReadLimits limits,
      EnumMap<TicketField, String> sources,
      ImportRun run) {
    JsonNode node;
    try {
      node = JSON.readTree(line.text());
    } catch (JacksonException e) {
      run.reject(line.number(), "invalid JSON: " + firstLine(e.getOriginalMessage()));
      return;
    }
    if (!node.isObject()) {
      run.reject(
          line.number(),
          "line is JSON " + node.getNodeType().name().toLowerCase() + ", not an object");
      return;
    }
    String[] raw = ImportRun.emptyRow();
    for (Map.Entry<TicketField, String> e : sources.entrySet()) {
      JsonNode value = lookUp(node, e.getValue());
      if (value == null || value.isNull()) {
        continue;
      }
      if (value.isContainer()) {
        run.reject(
            line.number(),
            "key '"
                + e.getValue()
                + "' (for "
                + e.getKey().fieldName()
                + ") holds "
                + (value.isArray() ? "an array" : "an object")
                + ", not a string or number");
        return;
      }
      String text = value.asString();
      if (text.length() > limits.maxFieldChars()) {
        // As a CSV field over the limit is: one bound for a field, whichever format it came in.
        run.reject(
            line.number(),
            "key '"
                + e.getValue()
                + "' (for "
                + e.getKey().fieldName()
                + ") is longer than "
                + "the limit of "
                + limits.maxFieldChars()
                + " chars");
        return;
      }
      raw[e.getKey().ordinal()] = text;
    }
    run.row(line.number(), raw);
  }

  private static JsonNode lookUp(JsonNode object, String key) {
    JsonNode exact = object.get(key);
    if (exact != null) {
      return exact;
    }
    List<String> names = List.copyOf(object.propertyNames());
    int i = ColumnMatcher.find(names, key);
    return i == ColumnMatcher.NOT_FOUND ? null : object.get(names.get(i));
  }

  private static String firstLine(String message) {
    String text = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
