package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

  @TempDir Path tmp;

  @Test
  void a_second_instance_on_the_same_directory_is_refused_while_the_first_holds_it() {
    try (DataDirectory first = DataDirectory.lock(tmp.resolve("data"))) {
      assertThat(first.indexDir()).isEqualTo(tmp.resolve("data").resolve("index").toAbsolutePath());
      assertThat(first.fitDir()).isEqualTo(tmp.resolve("data").resolve("models").toAbsolutePath());
      assertThat(first.root().resolve(DataDirectory.LOCK_FILE)).exists();

      assertThatThrownBy(() -> DataDirectory.lock(tmp.resolve("data")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another Sift process");
    }
    DataDirectory.lock(tmp.resolve("data")).close();
  }

  @Test
  void instances_with_different_directories_run_side_by_side() {
    try (DataDirectory a = DataDirectory.lock(tmp.resolve("a"));
        DataDirectory b = DataDirectory.lock(tmp.resolve("b"))) {
      assertThat(a.root()).isNotEqualTo(b.root());
    }
  }
}
