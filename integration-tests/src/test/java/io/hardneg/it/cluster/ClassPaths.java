package io.hardneg.it.cluster;

import java.io.File;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Class paths of the child processes, cut from the test class path. */
final class ClassPaths {
    /**
     * What a Flink distribution's lib/ holds: Flink's own jars and their dependencies, and logging.
     * Not the hardneg modules, the Kafka connector or clients, ONNX Runtime or test libraries:
     * those must come from the uploaded job jar, as on a real cluster.
     */
    private static final Pattern FLINK_LIB =
            Pattern.compile(
                    "(flink-(?!connector-kafka|test-utils|table)[a-z0-9-]+-[0-9][0-9.]*"
                            + "|flink-shaded-[A-Za-z0-9.-]+|frocksdbjni-[0-9a-z.-]+|kryo-[0-9.]+"
                            + "|reflectasm-[0-9.]+|objenesis-[0-9.]+|minlog-[0-9.]+"
                            + "|javassist-[0-9A-Z.-]+|snakeyaml-engine-[0-9.]+|jsr305-[0-9.]+"
                            + "|commons-(lang3|text|io|collections|compress|math3|cli)-[0-9.]+"
                            + "|slf4j-api-[0-9.]+|log4j-(api|core|slf4j-impl)-[0-9.]+"
                            + "|async-profiler-[0-9.]+)\\.jar");

    private ClassPaths() {}

    static List<String> test() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    /** The test class path: Kafka's and ZooKeeper's servers and their dependencies are on it. */
    static String servers() {
        return System.getProperty("java.class.path");
    }

    static String flink() {
        List<String> jars =
                test().stream()
                        .filter(p -> FLINK_LIB.matcher(new File(p).getName()).matches())
                        .collect(Collectors.toList());
        if (jars.stream()
                .noneMatch(p -> new File(p).getName().matches("flink-runtime-[0-9.]+\\.jar"))) {
            throw new IllegalStateException(
                    "flink-runtime is not on the test class path " + test());
        }
        return String.join(File.pathSeparator, jars);
    }
}
