package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactMapTest {

  @Test
  void shouldKeepInsertionOrderAcrossTheInlineEntryAndTheRest() {
    CompactMap<String, Integer> map = new CompactMap<>();
    map.put("a", 1);
    map.put("b", 2);
    map.put("c", 3);
    map.put("a", 4);

    assertThat(map).containsExactly(Map.entry("a", 4), Map.entry("b", 2), Map.entry("c", 3));
    assertThat(map.remove("a")).isEqualTo(4);
    assertThat(map.keySet()).containsExactly("b", "c");
    assertThat(map.values()).containsExactly(2, 3);
    assertThat(map.get("b")).isEqualTo(2);
    assertThat(map.remove("b")).isEqualTo(2);
    assertThat(map.remove("c")).isEqualTo(3);
    assertThat(map).isEmpty();
    assertThat(map.get("a")).isNull();
  }

  @Test
  void shouldRefuseNulls() {
    CompactMap<String, Integer> map = new CompactMap<>();
    assertThatThrownBy(() -> map.put(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.put("a", null)).isInstanceOf(NullPointerException.class);
  }

  /** Random puts, removes and iterator removes behave as on a {@link LinkedHashMap}. */
  @Test
  void shouldBehaveAsALinkedHashMap() {
    Random random = new Random(42);
    for (int run = 0; run < 2_000; run++) {
      CompactMap<String, Integer> map = new CompactMap<>();
      Map<String, Integer> model = new LinkedHashMap<>();
      for (int op = 0; op < 20; op++) {
        String key = "k" + random.nextInt(4);
        switch (random.nextInt(4)) {
          case 0, 1 -> assertThat(map.put(key, op)).isEqualTo(model.put(key, op));
          case 2 -> assertThat(map.remove(key)).isEqualTo(model.remove(key));
          default -> removeWhileIterating(map, model, key);
        }
        assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(model.entrySet()));
        assertThat(map.size()).isEqualTo(model.size());
        assertThat(map.isEmpty()).isEqualTo(model.isEmpty());
        assertThat(map.containsKey(key)).isEqualTo(model.containsKey(key));
        List<String> visited = new ArrayList<>();
        map.forEach((k, v) -> visited.add(k + "=" + v));
        List<String> expected = new ArrayList<>();
        model.forEach((k, v) -> expected.add(k + "=" + v));
        assertThat(visited).isEqualTo(expected);
      }
    }
  }

  private static void removeWhileIterating(
      Map<String, Integer> map, Map<String, Integer> model, String key) {
    List<String> seen = new ArrayList<>();
    for (Iterator<String> keys = map.keySet().iterator(); keys.hasNext(); ) {
      String next = keys.next();
      seen.add(next);
      if (next.equals(key)) {
        keys.remove();
      }
    }
    List<String> expected = new ArrayList<>(model.keySet());
    model.remove(key);
    assertThat(seen).as("every key visited once, in order").isEqualTo(expected);
  }
}
