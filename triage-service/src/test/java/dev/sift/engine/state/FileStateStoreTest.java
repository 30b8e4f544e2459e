package dev.sift.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {

  @TempDir
  Path dir;

  @Override
  protected StateStore open(String kind) {
    return new FileStateStore(dir.resolve(kind));
  }

  @Test
  void keeps_one_json_file_per_tenant_where_earlier_versions_wrote_them() throws Exception {
    StateStore store = open("models");
    store.write("acme", bytes("{}"));
    assertThat(dir.resolve("models/acme.json")).hasContent("{}");
    assertThat(new FileStateStore(dir.resolve("models")).read("acme")).isPresent();
    assertThat(Files.list(dir.resolve("models"))).hasSize(1);
  }
}
