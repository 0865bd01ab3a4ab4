package io.moirai.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuListTest {

    @Test
    void parsesSinglesRangesAndTheirMix() {
        assertThat(CpuList.parse("0-3,8-11,14\n")).containsExactly(0, 1, 2, 3, 8, 9, 10, 11, 14);
        assertThat(CpuList.parse("5")).containsExactly(5);
        assertThat(CpuList.parse(" 2 , 0-1 ")).containsExactly(0, 1, 2);
        assertThat(CpuList.parse("3,3,2-3")).containsExactly(2, 3);
    }

    @Test
    void anEmptyListIsEmpty() {
        assertThat(CpuList.parse("\n")).isEmpty();
        assertThat(CpuList.parse("")).isEmpty();
    }

    @Test
    void readsTheKernelsStrideForm() {
        // bitmap_parselist: of each group of 4 CPUs from 0 to 15, the first 2
        assertThat(CpuList.parse("0-15:2/4")).containsExactly(0, 1, 4, 5, 8, 9, 12, 13);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0-", "-3", "3-1", "0,,1", "1-2:3/2", "5:1/2", "1.5", "99999999", "65536", "0-2:0/1"})
    void rejectsWhatIsNotACpuList(String text) {
        assertThatThrownBy(() -> CpuList.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.strip());
    }

    @Test
    void formatsWithRangesCollapsed() {
        assertThat(CpuList.format(List.of(6, 0, 1, 2, 3))).isEqualTo("0-3,6");
        assertThat(CpuList.format(Set.of(4))).isEqualTo("4");
        assertThat(CpuList.format(List.of(1, 3, 5, 6))).isEqualTo("1,3,5-6");
        assertThat(CpuList.format(List.of())).isEmpty();
    }

    @Test
    void formatAndParseAreInverses() {
        String text = "0-3,8-11,14,16-17";
        assertThat(CpuList.format(CpuList.parse(text))).isEqualTo(text);
    }
}
