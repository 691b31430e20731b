package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class JsonRecordBinderTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final JsonRecordBinder binder = new JsonRecordBinder(JSON);

  enum Color {
    RED,
    GREEN
  }

  record Size(Integer width, Integer height) {}

  record Shape(String name, Color color, Size size, List<String> tags, Boolean visible, long id) {}

  @Test
  void bindsWellFormedObjects() {
    Shape shape =
        binder.bind(
            JSON.readTree(
                "{\"name\":\"box\",\"color\":\"RED\",\"size\":{\"width\":2},\"tags\":[\"a\"],\"visible\":true}"),
            Shape.class);

    assertThat(shape)
        .isEqualTo(new Shape("box", Color.RED, new Size(2, null), List.of("a"), true, 0L));
  }

  @Test
  void bindsEnumConstantsInAnyCase() {
    Shape shape = binder.bind(JSON.readTree("{\"color\":\"green\"}"), Shape.class);

    assertThat(shape.color()).isEqualTo(Color.GREEN);
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    BdpaasException failure =
        catchThrowableOfType(
            BdpaasException.class,
            () ->
                binder.bind(
                    JSON.readTree(
                        "{\"name\":7,\"color\":\"BLUE\",\"size\":{\"width\":\"2\",\"height\":9999999999,\"depth\":1},"
                            + "\"tags\":\"a\",\"visible\":\"yes\",\"id\":1.5,\"extra\":null}"),
                    Shape.class));

    assertThat(failure.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(failure.problems())
        .containsExactlyInAnyOrder(
            Problem.of("extra", "unknown field"),
            Problem.of("name", "must be a string, not a number"),
            Problem.of("color", "must be one of RED, GREEN, not 'BLUE'"),
            Problem.of("size.depth", "unknown field"),
            Problem.of("size.width", "must be a whole number, not a string"),
            Problem.of("size.height", "must be between -2147483648 and 2147483647"),
            Problem.of("tags", "must be a list, not a string"),
            Problem.of("visible", "must be true or false, not a string"),
            Problem.of("id", "must be a whole number, not a number"));
  }

  @Test
  void refusesBodiesThatAreNotObjects() {
    assertThat(
            catchThrowableOfType(
                    BdpaasException.class, () -> binder.bind(JSON.readTree("[1]"), Shape.class))
                .code())
        .isEqualTo(ErrorCode.MALFORMED_REQUEST);
    assertThat(
            catchThrowableOfType(
                    BdpaasException.class, () -> binder.bind(JSON.readTree("null"), Shape.class))
                .code())
        .isEqualTo(ErrorCode.MALFORMED_REQUEST);
  }
}
