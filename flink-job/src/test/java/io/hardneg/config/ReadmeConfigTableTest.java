package io.hardneg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists exactly the keys of the code, with their defaults. */
class ReadmeConfigTableTest {
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z0-9.-]+)` \\| (`[^`]*`|\\(empty\\)) \\|");

    @Test
    void readmeTableMatchesTheOptions() throws Exception {
        Path readme = Path.of("..", "README.md");
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                String value = m.group(2);
                documented.put(
                        m.group(1),
                        value.equals("(empty)") ? "" : value.substring(1, value.length() - 1));
            }
        }
        Map<String, String> code = new LinkedHashMap<>();
        for (ConfigOption<?> option : HardnegOptions.all()) {
            code.put(option.key(), option.defaultText());
        }
        assertThat(documented).containsExactlyEntriesOf(code);
    }
}
