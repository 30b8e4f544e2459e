package dev.sift.data;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ticket fields Sift suggests a value for. {@link #jsonName()} is the name used in every API
 * and file.
 */
public enum LabelField {
  CATEGORY("category"),
  SUBCATEGORY("subcategory"),
  PRIORITY("priority"),
  ASSIGNMENT_GROUP("assignmentGroup"),
  ASSIGNEE("assignee");

  private final String jsonName;

  LabelField(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  public static Optional<LabelField> fromJsonName(String name) {
    return Arrays.stream(values()).filter(f -> f.jsonName.equals(name)).findFirst();
  }
}
