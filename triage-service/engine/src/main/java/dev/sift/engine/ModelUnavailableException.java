package dev.sift.engine;

/**
 * Thrown when a tenant's vectors come from a model this instance cannot load; a re-embed fixes it.
 */
public final class ModelUnavailableException extends RuntimeException {
  private final String tenant;
  private final String model;

  public ModelUnavailableException(String tenant, String model) {
    super(
        "tenant '"
            + tenant
            + "' was embedded with model '"
            + model
            + "', which this instance cannot load; "
            + "re-embed it with the configured model");
    this.tenant = tenant;
    this.model = model;
  }

  public String tenant() {
    return tenant;
  }

  public String model() {
    return model;
  }
}
