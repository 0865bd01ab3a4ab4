package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata that the build generates (from {@link MoiraiProperties}' Javadoc,
 * the endpoint, and {@code additional-spring-configuration-metadata.json}) names every property
 * Moirai reads, and {@code docs/properties.md} is rendered from it, so the reference cannot
 * drift from the code.
 *
 * <p>When a property, its Javadoc or its default changes, this test fails until the page is
 * rendered again, with:
 *
 * <pre>{@code
 * ./mvnw -pl moirai-autoconfigure -am verify -Dtest=PropertiesReferenceTests \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmoirai.docs.regenerate=true
 * }</pre>
 */
class PropertiesReferenceTests {

    /** The system property that makes the test write the page instead of comparing it. */
    static final String REGENERATE = "moirai.docs.regenerate";

    static final String COMMAND = "./mvnw -pl moirai-autoconfigure -am verify -Dtest=PropertiesReferenceTests "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";

    /** Properties Moirai reads that are not under {@code moirai.*}, and so not in MoiraiProperties. */
    private static final Set<String> OTHER_KEYS = Set.of("management.health.moirai.enabled",
            "management.health.moirai-cluster.enabled",
            "management.endpoint.moirai.access");

    @Test
    void theMetadataNamesEveryPropertyMoiraiReads() throws Exception {
        Map<String, JsonNode> properties = properties(metadata());
        assertThat(properties.keySet()).containsAll(OTHER_KEYS).contains("moirai.task-execution.take-over-async");
        Set<String> moirai = properties.keySet().stream().filter(name -> name.startsWith("moirai."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(moirai).as("moirai.* properties in the metadata and in AllowedValues' table")
                .containsExactlyElementsOf(AllowedValues.describedProperties());
        assertThat(properties.values()).as("every property has a description")
                .allSatisfy(property -> assertThat(property.path("description").asString("")).isNotBlank());
    }

    @Test
    void thePropertyReferenceIsRenderedFromTheMetadata() throws Exception {
        String rendered = render(metadata());
        Path page = repositoryRoot().resolve("docs/properties.md");
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(page, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8).replace("\r\n", "\n") : "")
                .as("docs/properties.md is out of date with the configuration metadata; render it again with: "
                        + COMMAND)
                .isEqualTo(rendered);
    }

    /** The metadata of this module alone: the build's output, not another jar's file of the same name. */
    private static JsonNode metadata() throws IOException, URISyntaxException {
        Path classes = Path.of(MoiraiProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
        return JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Tests run in the module's directory; docs/ sits beside it. */
    private static Path repositoryRoot() {
        Path module = Path.of("").toAbsolutePath();
        return module.getParent();
    }

    private static Map<String, JsonNode> properties(JsonNode metadata) {
        Map<String, JsonNode> properties = new TreeMap<>();
        for (JsonNode property : metadata.path("properties")) {
            properties.put(property.path("name").asString(), property);
        }
        return properties;
    }

    static String render(JsonNode metadata) {
        Map<String, String> groups = new TreeMap<>();
        for (JsonNode group : metadata.path("groups")) {
            groups.put(group.path("name").asString(), group.path("description").asString(""));
        }
        Map<String, List<JsonNode>> hints = new TreeMap<>();
        for (JsonNode hint : metadata.path("hints")) {
            List<JsonNode> values = new ArrayList<>();
            hint.path("values").forEach(values::add);
            hints.put(hint.path("name").asString(), values);
        }
        Map<String, List<JsonNode>> sections = new TreeMap<>(Comparator
                .comparing((String name) -> !name.equals("moirai")).thenComparing(name -> name.startsWith("management"))
                .thenComparing(Comparator.naturalOrder()));
        for (JsonNode property : properties(metadata).values()) {
            sections.computeIfAbsent(section(property.path("name").asString(), groups.keySet()),
                    name -> new ArrayList<>()).add(property);
        }
        StringBuilder page = new StringBuilder();
        page.append("# Configuration properties\n\n")
                .append("<!-- Rendered from moirai-autoconfigure's configuration metadata by PropertiesReferenceTests."
                        + " Do not edit by hand. -->\n\n")
                .append("Every property Moirai reads, as its configuration metadata (what IDEs complete) describes it.\n")
                .append("The page is rendered from `META-INF/spring-configuration-metadata.json`, which the build\n")
                .append("generates from `MoiraiProperties`' Javadoc, the Actuator endpoint and\n")
                .append("`additional-spring-configuration-metadata.json`; a test fails when the two differ. After\n")
                .append("changing a property, render the page again:\n\n")
                .append("```bash\n").append(COMMAND.replace(" -Dsurefire", " \\\n    -Dsurefire")).append("\n```\n\n")
                .append("A value that Moirai cannot use stops start-up with one report that names every bad\n")
                .append("property, its value, where it came from and what is allowed (see [Spring](spring.md)).\n")
                .append("An empty value is such a value, not a way to ask for the default: leave the property\n")
                .append("unset for that. A `moirai.*` name that is none of the properties below (a misspelt\n")
                .append("`moirai.paralelism`, a list given to `moirai.topology.cpus`) stops start-up the same way,\n")
                .append("with the property it most likely meant; one found only in an environment variable or a\n")
                .append("system property is logged as a warning instead, and only when it resembles a property, since\n")
                .append("an environment may hold other `MOIRAI_` variables.\n");
        for (Map.Entry<String, List<JsonNode>> section : sections.entrySet()) {
            page.append("\n## `").append(section.getKey()).append("`\n\n");
            String description = groups.getOrDefault(section.getKey(), "");
            if (!description.isBlank()) {
                page.append(description).append("\n\n");
            }
            page.append("| Property | Type | Default | Description |\n| --- | --- | --- | --- |\n");
            for (JsonNode property : section.getValue()) {
                String name = property.path("name").asString();
                page.append("| `").append(name).append("` | ").append(type(property)).append(" | ")
                        .append(defaultValue(property)).append(" | ")
                        .append(cell(property.path("description").asString("")))
                        .append(values(hints.get(name))).append(" |\n");
            }
        }
        return page.toString();
    }

    /** The longest group that holds the property; a property outside every group heads its own section. */
    private static String section(String property, Set<String> groups) {
        return groups.stream().filter(group -> property.startsWith(group + "."))
                .max(Comparator.comparingInt(String::length))
                .orElse(property.substring(0, property.lastIndexOf('.')));
    }

    private static String type(JsonNode property) {
        String type = property.path("type").asString("");
        // package names off every class in it, type arguments included: java.util.List<java.lang.String> -> List<String>
        return type.isEmpty() ? "" : "`" + type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "") + "`";
    }

    private static String defaultValue(JsonNode property) {
        JsonNode value = property.get("defaultValue");
        return (value == null || value.isNull()) ? "(unset)" : "`" + value.asString() + "`";
    }

    private static String values(List<JsonNode> hint) {
        if (hint == null) {
            return "";
        }
        Map<String, String> values = new LinkedHashMap<>();
        hint.forEach(value -> values.put(value.path("value").asString(), value.path("description").asString("")));
        return values.entrySet().stream().map(value -> "<br>`" + value.getKey() + "`: " + cell(value.getValue()))
                .collect(Collectors.joining());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").strip();
    }
}
