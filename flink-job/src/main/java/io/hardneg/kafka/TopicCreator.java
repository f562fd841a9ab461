package io.hardneg.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates the topics of a plan that do not exist, and reports, without changing them, topics that
 * exist with other settings. Running it twice changes nothing.
 */
public final class TopicCreator {
    private TopicCreator() {}

    /** Returns one line per topic saying what was done. */
    public static List<String> apply(Properties client, List<TopicPlan.Topic> plan)
            throws Exception {
        List<String> report = new ArrayList<>();
        Properties bounded = new Properties();
        bounded.putAll(client);
        bounded.putIfAbsent("default.api.timeout.ms", "20000");
        bounded.putIfAbsent("request.timeout.ms", "10000");
        try (Admin admin = Admin.create(bounded)) {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(
                        "cannot list the topics at "
                                + client.getProperty("bootstrap.servers")
                                + " ("
                                + (e.getCause() != null ? e.getCause().getMessage() : e.toString())
                                + "); check kafka.bootstrap.servers and the kafka.* security keys",
                        e);
            }
            List<NewTopic> missing = new ArrayList<>();
            for (TopicPlan.Topic t : plan) {
                if (!existing.contains(t.name())) {
                    missing.add(
                            new NewTopic(t.name(), t.partitions(), t.replicationFactor())
                                    .configs(t.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            Set<String> created = missing.stream().map(NewTopic::name).collect(Collectors.toSet());
            Collection<String> names = plan.stream().map(TopicPlan.Topic::name).toList();
            Map<String, TopicDescription> described =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicPlan.Topic t : plan) {
                if (created.contains(t.name())) {
                    report.add(
                            String.format(
                                    "created %s: %d partitions, replication %d, %s",
                                    t.name(), t.partitions(), t.replicationFactor(), t.configs()));
                    continue;
                }
                int partitions = described.get(t.name()).partitions().size();
                List<String> differences = new ArrayList<>();
                if (partitions != t.partitions()) {
                    differences.add("partitions " + partitions + " (file: " + t.partitions() + ")");
                }
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
                Config actual =
                        admin.describeConfigs(List.of(resource))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(resource);
                for (Map.Entry<String, String> c : t.configs().entrySet()) {
                    ConfigEntry entry = actual.get(c.getKey());
                    String value = entry == null ? null : entry.value();
                    if (!c.getValue().equals(value)) {
                        differences.add(c.getKey() + "=" + value + " (file: " + c.getValue() + ")");
                    }
                }
                report.add(
                        differences.isEmpty()
                                ? "exists " + t.name() + ": unchanged, matches the file"
                                : "exists "
                                        + t.name()
                                        + ": left as it is, differs from the file in "
                                        + String.join(", ", differences)
                                        + " (change it with kafka-topics.sh / kafka-configs.sh)");
            }
        }
        return report;
    }
}
