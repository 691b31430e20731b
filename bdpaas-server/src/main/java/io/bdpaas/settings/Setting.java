package io.bdpaas.settings;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One entry of the settings catalog: a key, its type, its default and a description for people.
 *
 * <p>A setting is read from command-line flags ({@code --bdpaas.port=9090}) or the environment
 * ({@code BDPAAS_PORT=9090}); {@link #environmentVariable()} gives the variable's name.
 *
 * @param key the dotted name, always starting with {@code bdpaas.}
 * @param type a short name of the value's type, shown in the reference
 * @param defaultValue the value used when none is given; empty when the setting has no default
 * @param description what the setting does, one or two sentences
 * @param secret whether the value must never be printed
 * @param parser turns the text into a typed value, throwing {@link IllegalArgumentException} with a
 *     message that says what is wrong
 */
public record Setting<T>(
    String key,
    String type,
    Optional<String> defaultValue,
    String description,
    boolean secret,
    Function<String, T> parser) {

  public Setting {
    requireNonNull(key, "key is null");
    requireNonNull(type, "type is null");
    requireNonNull(defaultValue, "defaultValue is null");
    requireNonNull(description, "description is null");
    requireNonNull(parser, "parser is null");
    if (!key.matches("bdpaas(\\.[a-z][a-z0-9-]*)+")) {
      throw new IllegalArgumentException("setting key must be bdpaas.<lower-case-words>: " + key);
    }
  }

  /** The environment variable that sets this setting, e.g. {@code BDPAAS_DATA_DIR}. */
  public String environmentVariable() {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** Parses {@code text}, trimmed; the parser's message says what is wrong. */
  public T parse(String text) {
    return parser.apply(text.trim());
  }
}
