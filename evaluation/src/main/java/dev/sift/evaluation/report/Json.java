package dev.sift.evaluation.report;

import java.util.Locale;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Writes report.json and replay.json from nested maps, lists, strings and numbers, in the layout
 * scripts and the committed reference reports have: two-space indent, {@code "name": value}, one
 * entry per line, {@code {}} and {@code []} when empty.
 */
public final class Json {

  private static final String INDENT = "  ";
  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .addModule(new SimpleModule().addSerializer(Double.class, new Decimal()))
          .build()
          .writer()
          .with(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                          .withObjectEmptySeparator("")
                          .withArrayEmptySeparator(""))
                  .withObjectIndenter(new DefaultIndenter(INDENT, "\n"))
                  .withArrayIndenter(new DefaultIndenter(INDENT, "\n")));

  private Json() {}

  /** The tree as JSON text, without a final newline. */
  public static String write(Object tree) {
    return WRITER.writeValueAsString(tree);
  }

  /**
   * A metric with at most six decimals (plain doubles print their binary noise:
   * 0.30000000000000004), or as Java prints it when that would take an exponent. JSON has no NaN or
   * infinity: a metric without data is null.
   */
  private static final class Decimal extends ValueSerializer<Double> {
    @Override
    public void serialize(Double d, JsonGenerator gen, SerializationContext ctxt) {
      if (d.isNaN() || d.isInfinite()) {
        gen.writeNull();
      } else if (String.format(Locale.ROOT, "%.6g", d).contains("e")) {
        gen.writeNumber(Double.toString(d));
      } else {
        gen.writeNumber(
            String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "").replaceAll("\\.$", ".0"));
      }
    }
  }
}
