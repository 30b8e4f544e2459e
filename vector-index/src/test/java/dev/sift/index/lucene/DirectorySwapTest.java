package dev.sift.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySwapTest {

  @TempDir Path root;

  @Test
  void a_swap_puts_the_rebuild_in_place_of_the_live_directory_and_leaves_nothing_else()
      throws Exception {
    write("acme", "old");
    write("acme~rebuild", "new");

    DirectorySwap.swap(root, "acme", "acme~rebuild");

    assertThat(Files.readString(root.resolve("acme/segment"))).isEqualTo("new");
    try (var left = Files.list(root)) {
      assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("acme");
    }
  }

  @Test
  void a_swap_of_a_tenant_without_a_directory_moves_the_rebuild_in() throws Exception {
    write("acme~rebuild", "new");

    DirectorySwap.swap(root, "acme", "acme~rebuild");

    assertThat(Files.readString(root.resolve("acme/segment"))).isEqualTo("new");
  }

  @Test
  void recovery_puts_back_a_directory_moved_aside_with_nothing_in_its_place() throws Exception {
    write("acme.old", "old");
    write("acme~crashed", "half");

    DirectorySwap.recover(root);

    assertThat(Files.readString(root.resolve("acme/segment"))).isEqualTo("old");
    assertThat(root.resolve("acme.old")).doesNotExist();
    assertThat(root.resolve("acme~crashed")).as("an unfinished rebuild is dropped").doesNotExist();
  }

  @Test
  void recovery_deletes_a_leftover_old_directory_beside_a_complete_one() throws Exception {
    write("acme", "new");
    write("acme.old", "old");

    DirectorySwap.recover(root);

    assertThat(Files.readString(root.resolve("acme/segment"))).isEqualTo("new");
    assertThat(root.resolve("acme.old")).doesNotExist();
  }

  /** A stand-in tenant directory with one file, whose content tells which version it is. */
  private void write(String dir, String version) throws Exception {
    Files.createDirectories(root.resolve(dir));
    Files.writeString(root.resolve(dir).resolve("segment"), version);
  }
}
