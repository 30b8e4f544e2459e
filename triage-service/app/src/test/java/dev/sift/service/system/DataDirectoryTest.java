package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

  @TempDir Path tmp;

  @Test
  void aSecondInstanceOnTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() {
    try (DataDirectory first = DataDirectory.lock(tmp.resolve("data"))) {
      assertThat(first.indexDir()).isEqualTo(tmp.resolve("data").resolve("index").toAbsolutePath());
      assertThat(first.modelDir())
          .isEqualTo(tmp.resolve("data").resolve("models").toAbsolutePath());
      assertThat(first.root().resolve(DataDirectory.LOCK_FILE)).exists();

      assertThatThrownBy(() -> DataDirectory.lock(tmp.resolve("data")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another Sift process");
    }
    DataDirectory.lock(tmp.resolve("data")).close();
  }

  @Test
  void instancesWithDifferentDirectoriesRunSideBySide() {
    try (DataDirectory a = DataDirectory.lock(tmp.resolve("a"));
        DataDirectory b = DataDirectory.lock(tmp.resolve("b"))) {
      assertThat(a.root()).isNotEqualTo(b.root());
    }
  }
}
