package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the configuration's lists ({@code profile list}, {@code account list}) print: a JSON array
 * with {@code --json}, else how to add the first one when there is none yet, else a table.
 */
final class Listing<T> {
    private final BiFunction<JsonOutput, T, JsonNode> asJson;
    private final List<String> whenNone;
    private final TextTable table;
    private final Function<T, String[]> row;

    /**
     * @param asJson one item as JSON (never a secret)
     * @param whenNone the lines printed when the list is empty
     * @param table the table's header
     * @param row one item's cells, in the header's order
     */
    Listing(
            BiFunction<JsonOutput, T, JsonNode> asJson,
            List<String> whenNone,
            TextTable table,
            Function<T, String[]> row) {
        this.asJson = asJson;
        this.whenNone = whenNone;
        this.table = table;
        this.row = row;
    }

    void print(PrintWriter out, boolean json, List<T> items) {
        if (json) {
            JsonOutput output = new JsonOutput();
            ArrayNode array = output.array();
            items.forEach(item -> array.add(asJson.apply(output, item)));
            output.print(out, array);
        } else if (items.isEmpty()) {
            whenNone.forEach(out::println);
            out.flush();
        } else {
            items.forEach(item -> table.row(row.apply(item)));
            table.print(out);
        }
    }
}
