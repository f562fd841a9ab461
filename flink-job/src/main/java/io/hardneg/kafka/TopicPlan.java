package io.hardneg.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.config.ConfigException;
import io.hardneg.config.ConfigOption;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The topics a deployment needs, read from a JSON file such as kafka-config/topics.json. */
public final class TopicPlan {
    /** One topic: name, partitions, replication factor and topic configs. */
    public record Topic(
            String name, int partitions, short replicationFactor, Map<String, String> configs) {}

    private TopicPlan() {}

    public static List<Topic> read(Path file, HardnegConfig config) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "topics file "
                            + file
                            + " does not exist; pass --topics kafka-config/topics.json");
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode topics = root.path("topics");
        if (!topics.isArray()) {
            throw new IOException("topics file " + file + " has no \"topics\" array");
        }
        List<Topic> plan = new ArrayList<>();
        for (JsonNode t : topics) {
            String name = resolve(t.path("name").asText(""), config, file);
            int partitions = t.path("partitions").asInt(0);
            int replication = t.path("replicationFactor").asInt(0);
            if (name.isEmpty() || partitions < 1 || replication < 1) {
                throw new IOException(
                        "topics file "
                                + file
                                + ": entry "
                                + t
                                + " needs a name, partitions >= 1 and replicationFactor >= 1");
            }
            Map<String, String> configs = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = t.path("configs").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                configs.put(f.getKey(), f.getValue().asText());
            }
            plan.add(new Topic(name, partitions, (short) replication, configs));
        }
        return plan;
    }

    private static String resolve(String name, HardnegConfig config, Path file) {
        if (!(name.startsWith("${") && name.endsWith("}"))) {
            return name;
        }
        String key = name.substring(2, name.length() - 1);
        for (ConfigOption<?> option : HardnegOptions.all()) {
            if (option.key().equals(key)) {
                return String.valueOf(config.get(option));
            }
        }
        throw new ConfigException(
                "topics file " + file + " names ${" + key + "}, which is not a configuration key");
    }
}
