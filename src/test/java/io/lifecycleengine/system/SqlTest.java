package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void rowsAreSplitIntoPowersOfTwoInTheirOrder() {
        List<Object[]> rows = rows(500, "x");

        List<List<Object[]>> statements = Sql.statements(rows);

        assertThat(statements).extracting(List::size).containsExactly(256, 128, 64, 32, 16, 4);
        assertThat(statements.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(rows);
    }

    @Test
    void aStatementStaysUnderTheTextLimitAndOneRowAlwaysGoes() {
        String large = "x".repeat((int) (Sql.MAX_VALUE_TEXT_PER_STATEMENT / 3));
        String huge = "y".repeat((int) Sql.MAX_VALUE_TEXT_PER_STATEMENT * 2);
        List<Object[]> rows = new java.util.ArrayList<>(rows(4, large));
        rows.add(new Object[] {huge, 1});

        List<List<Object[]>> statements = Sql.statements(rows);

        assertThat(statements).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(statements.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(rows);
    }

    @Test
    void noRowsNoStatements() {
        assertThat(Sql.statements(List.of())).isEmpty();
    }

    private static List<Object[]> rows(int count, String text) {
        return IntStream.range(0, count).mapToObj(i -> new Object[] {text, i}).toList();
    }
}
