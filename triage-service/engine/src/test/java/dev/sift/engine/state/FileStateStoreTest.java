package dev.sift.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {

  @TempDir Path dir;

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

  @Test
  void a_record_torn_by_a_crash_is_cut_off_so_later_appends_stay_readable() throws Exception {
    StateStore before = open("predictions");
    before.append("acme", bytes("whole"));
    // A crash in the middle of the next append: its length and part of its bytes reached the disk.
    Files.write(
        dir.resolve("predictions/acme.log"),
        new byte[] {0, 0, 0, 9, 0, 0},
        StandardOpenOption.APPEND);

    StateStore after = open("predictions");
    long seq = after.append("acme", bytes("later"));

    java.util.List<String> read = new java.util.ArrayList<>();
    after.readLog("acme", r -> read.add(new String(r, java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(read).containsExactly("whole", "later");
    assertThat(seq).isEqualTo(2);
  }
}
