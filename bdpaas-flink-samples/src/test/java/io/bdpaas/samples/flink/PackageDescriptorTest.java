package io.bdpaas.samples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The package descriptors that become each jar's META-INF/bdpaas-package.json: their shape, an
 * entry class that exists with a main method, and default properties the application accepts and
 * that are its own defaults.
 */
class PackageDescriptorTest {
  private static final Map<String, Function<String[], Record>> OPTIONS =
      Map.of(
          WordCountDemo.class.getName(), WordCountDemo.Options::from,
          PiDemo.class.getName(), PiDemo.Options::from);

  @ParameterizedTest
  @CsvSource({
    "wordcount-demo, wordcount, io.bdpaas.samples.flink.WordCountDemo, rate|lines",
    "pi-demo, pi, io.bdpaas.samples.flink.PiDemo, rate|emitEvery"
  })
  void describesItsApplication(
      String packageName, String applicationName, String entryClass, String propertyNames)
      throws Exception {
    JsonNode descriptor =
        new ObjectMapper()
            .readTree(Path.of("src/main/packages", packageName, "bdpaas-package.json").toFile());

    assertThat(fieldNames(descriptor))
        .containsExactly("name", "version", "description", "applications");
    assertThat(descriptor.get("name").asString()).isEqualTo(packageName);
    assertThat(descriptor.get("version").asString()).isEqualTo("1.0.0");
    assertThat(descriptor.get("description").asString()).isNotBlank();
    assertThat(descriptor.get("applications").size()).isEqualTo(1);

    JsonNode application = descriptor.get("applications").get(0);
    assertThat(fieldNames(application))
        .containsExactly("name", "entryClass", "description", "parallelism", "properties");
    assertThat(application.get("name").asString()).isEqualTo(applicationName);
    assertThat(application.get("entryClass").asString()).isEqualTo(entryClass);
    assertThat(application.get("description").asString()).isNotBlank();
    assertThat(application.get("parallelism").isInt()).isTrue();
    assertThat(application.get("parallelism").asInt()).isEqualTo(1);

    Method main = Class.forName(entryClass).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

    JsonNode properties = application.get("properties");
    assertThat(fieldNames(properties)).containsExactly(propertyNames.split("\\|"));
    List<String> arguments = new ArrayList<>();
    for (String name : fieldNames(properties)) {
      assertThat(properties.get(name).isString()).as(name).isTrue();
      arguments.add("--" + name);
      arguments.add(properties.get(name).asString());
    }
    Function<String[], Record> options = OPTIONS.get(entryClass);
    assertThat(options.apply(arguments.toArray(String[]::new)))
        .as("the descriptor's defaults are the application's own")
        .isEqualTo(options.apply(new String[0]));
  }

  private static List<String> fieldNames(JsonNode node) {
    return List.copyOf(node.propertyNames());
  }
}
