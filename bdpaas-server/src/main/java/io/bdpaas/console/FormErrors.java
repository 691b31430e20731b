package io.bdpaas.console;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Problems of a failed form submission, by field, for inline messages next to each input; problems
 * of the whole form are under the key {@code ""}.
 */
public record FormErrors(Map<String, String> byField) {
  public static FormErrors of(BdpaasException failure) {
    Map<String, String> byField = new LinkedHashMap<>();
    for (Problem problem : failure.problems()) {
      byField.merge(problem.field(), problem.message(), (a, b) -> a + "; " + b);
    }
    if (byField.isEmpty()) {
      byField.put("", failure.getMessage());
    }
    return new FormErrors(byField);
  }

  public boolean has(String field) {
    return byField.containsKey(field);
  }

  public String get(String field) {
    return byField.get(field);
  }

  /** Problems that belong to no visible field, shown at the top of the form. */
  public Map<String, String> others(String... visibleFields) {
    Map<String, String> others = new LinkedHashMap<>(byField);
    for (String field : visibleFields) {
      others.remove(field);
    }
    return others;
  }
}
