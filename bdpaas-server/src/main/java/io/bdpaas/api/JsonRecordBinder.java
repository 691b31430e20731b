package io.bdpaas.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Binds a JSON object to a request record field by field, so that a request with several wrong
 * fields is answered with all of them: unknown fields, wrong types, numbers out of range, unknown
 * enum values, each with its path ({@code quota.cores}). Types are strict: {@code "5"} is not a
 * number and {@code 5} is not a string. Missing fields bind to null; the service that receives the
 * record decides which are required.
 */
public final class JsonRecordBinder {
  private final ObjectMapper objectMapper;

  public JsonRecordBinder(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /** The bound record; throws a validation failure listing every problem. */
  public <T> T bind(JsonNode json, Class<T> type) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      throw new BdpaasException(
          ErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object");
    }
    if (!json.isObject()) {
      throw new BdpaasException(
          ErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object, not " + kind(json));
    }
    List<Problem> problems = new ArrayList<>();
    Object bound = bindRecord(json, type, "", problems);
    BdpaasException.throwIfAny(problems);
    return type.cast(bound);
  }

  private Object bindRecord(JsonNode json, Class<?> type, String path, List<Problem> problems) {
    if (!json.isObject()) {
      problems.add(Problem.of(path, "must be an object, not " + kind(json)));
      return null;
    }
    RecordComponent[] components = type.getRecordComponents();
    Set<String> known = new HashSet<>();
    for (RecordComponent component : components) {
      known.add(component.getName());
    }
    for (String name : json.propertyNames()) {
      if (!known.contains(name)) {
        problems.add(Problem.of(join(path, name), "unknown field"));
      }
    }
    int problemsBefore = problems.size();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      JsonNode value = json.get(component.getName());
      String field = join(path, component.getName());
      values[i] =
          value == null || value.isNull()
              ? defaultFor(component.getType())
              : bindValue(value, component, field, problems);
    }
    if (problems.size() > problemsBefore) {
      return null;
    }
    try {
      Constructor<?> constructor =
          type.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof BdpaasException failure) {
        throw failure;
      }
      problems.add(Problem.of(path, String.valueOf(e.getCause().getMessage())));
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private Object bindValue(
      JsonNode value, RecordComponent component, String field, List<Problem> problems) {
    Class<?> type = component.getType();
    if (type.isRecord()) {
      return bindRecord(value, type, field, problems);
    }
    if (List.class.isAssignableFrom(type)
        && component.getGenericType() instanceof ParameterizedType generic
        && generic.getActualTypeArguments()[0] instanceof Class<?> element
        && element.isRecord()) {
      if (!value.isArray()) {
        problems.add(Problem.of(field, "must be a list, not " + kind(value)));
        return null;
      }
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        items.add(bindRecord(value.get(i), element, field + "[" + i + "]", problems));
      }
      return List.copyOf(items.stream().filter(Objects::nonNull).toList());
    }
    String mismatch = mismatch(value, type);
    if (mismatch != null) {
      problems.add(Problem.of(field, mismatch));
      return null;
    }
    if (type.isEnum()) {
      return enumConstant(type, value.asString());
    }
    try {
      return objectMapper.treeToValue(
          value, objectMapper.getTypeFactory().constructType(component.getGenericType()));
    } catch (JacksonException e) {
      problems.add(Problem.of(field, "must be " + describe(type)));
      return null;
    }
  }

  /** Why {@code value} cannot be a {@code type}, or null when its JSON kind fits. */
  private static String mismatch(JsonNode value, Class<?> type) {
    if (type == String.class) {
      return value.isString() ? null : "must be a string, not " + kind(value);
    }
    if (type == Integer.class || type == int.class) {
      return value.isIntegralNumber() && value.canConvertToInt()
          ? null
          : value.isIntegralNumber()
              ? "must be between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
              : "must be a whole number, not " + kind(value);
    }
    if (type == Long.class || type == long.class) {
      return value.isIntegralNumber() && value.canConvertToLong()
          ? null
          : "must be a whole number, not " + kind(value);
    }
    if (type == Double.class || type == double.class) {
      return value.isNumber() ? null : "must be a number, not " + kind(value);
    }
    if (type == Boolean.class || type == boolean.class) {
      return value.isBoolean() ? null : "must be true or false, not " + kind(value);
    }
    if (type.isEnum()) {
      if (!value.isString()) {
        return "must be " + describe(type) + ", not " + kind(value);
      }
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(value.asString())) {
          return null;
        }
      }
      return "must be " + describe(type) + ", not '" + value.asString() + "'";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return value.isArray() ? null : "must be a list, not " + kind(value);
    }
    if (Map.class.isAssignableFrom(type)) {
      return value.isObject() ? null : "must be an object, not " + kind(value);
    }
    return null;
  }

  /** The constant named {@code name} in any case: clients may send "user" for USER. */
  private static Object enumConstant(Class<?> type, String name) {
    return Arrays.stream(type.getEnumConstants())
        .filter(constant -> ((Enum<?>) constant).name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow();
  }

  private static Object defaultFor(Class<?> type) {
    if (!type.isPrimitive()) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    return 0;
  }

  private static String describe(Class<?> type) {
    if (type.isEnum()) {
      return "one of "
          + String.join(
              ", ", Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
    }
    return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String kind(JsonNode value) {
    if (value.isString()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "an object";
    }
    return "null";
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
