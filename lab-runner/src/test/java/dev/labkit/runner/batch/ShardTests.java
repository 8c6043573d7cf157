package dev.labkit.runner.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTests {

    private static int shardOf(String student, int count) {
        List<Integer> in = IntStream.rangeClosed(1, count).filter(i -> new Shard(i, count).contains(student)).boxed()
                .toList();
        assertThat(in).as(student).hasSize(1);
        return in.get(0);
    }

    @Test
    void everyStudentIsInExactlyOneShardAndStaysThereWhenOthersJoin() {
        List<String> students = new ArrayList<>();
        Map<String, Integer> before = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            students.add("student" + i);
        }
        students.forEach(student -> before.put(student, shardOf(student, 4)));
        int[] sizes = new int[5];
        before.values().forEach(shard -> sizes[shard]++);
        for (int shard = 1; shard <= 4; shard++) {
            assertThat(sizes[shard]).as("shard " + shard).isBetween(25, 75);
        }
        students.add(0, "a-latecomer");
        students.forEach(student -> {
            if (before.containsKey(student)) {
                assertThat(shardOf(student, 4)).isEqualTo(before.get(student));
            }
        });
    }

    @Test
    void parsesIOfNAndRefusesAnythingElseInOneLine() {
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse(" 1 / 1 ")).isEqualTo(Shard.ALL);
        for (String bad : List.of("0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "")) {
            assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(LabException.class)
                    .hasMessageContaining("write i/n with 1 <= i <= n").message().doesNotContain("\n");
        }
    }
}
