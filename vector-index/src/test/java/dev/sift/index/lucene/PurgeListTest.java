package dev.sift.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeListTest {

  @TempDir Path root;

  @Test
  void ids_with_any_characters_come_back_in_the_order_of_their_deletes() {
    PurgeList list = new PurgeList(root);
    list.add("acme", "line\nbreak");
    list.add("acme", "ünïcode id");
    list.add("acme", "plain");

    assertThat(list.read("acme")).containsExactly("line\nbreak", "ünïcode id", "plain");
    assertThat(list.read("globex")).as("a tenant without a list").isEmpty();
  }

  @Test
  void a_line_torn_by_a_crash_is_skipped_and_the_rest_is_kept() throws Exception {
    PurgeList list = new PurgeList(root);
    list.add("acme", "t1");
    // "t2" whole, then a line cut after its first character: that delete was never acknowledged.
    Files.writeString(
        root.resolve("acme.purge"),
        "dDI=\nd",
        StandardCharsets.US_ASCII,
        StandardOpenOption.APPEND);

    assertThat(list.read("acme")).containsExactly("t1", "t2");
  }

  @Test
  void removing_purged_ids_keeps_later_deletes_and_drops_the_file_once_empty() {
    PurgeList list = new PurgeList(root);
    list.add("acme", "t1");
    list.add("acme", "t2");

    assertThat(list.remove("acme", Set.of("t1"))).containsExactly("t2");
    assertThat(new PurgeList(root).read("acme"))
        .as("durable, as a restart reads it")
        .containsExactly("t2");

    assertThat(list.remove("acme", Set.of("t2"))).isEmpty();
    assertThat(root.resolve("acme.purge")).doesNotExist();
  }

  @Test
  void a_swap_hands_the_rebuilds_list_to_the_tenant_and_drops_the_old_one() throws Exception {
    PurgeList list = new PurgeList(root);
    list.add("acme", "old-delete");
    list.add("acme~rebuild", "replayed-delete");

    assertThat(list.takeOver("acme", "acme~rebuild")).isTrue();
    assertThat(list.read("acme")).containsExactly("replayed-delete");
    assertThat(list.read("acme~rebuild")).isEmpty();

    list.add("globex", "old-delete");
    assertThat(list.takeOver("globex", "globex~rebuild")).as("a rebuild without deletes").isFalse();
    assertThat(list.read("globex")).isEmpty();
  }
}
