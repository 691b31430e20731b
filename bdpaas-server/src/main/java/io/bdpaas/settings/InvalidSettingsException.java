package io.bdpaas.settings;

import java.util.List;

/** Start-up stops with this when settings are invalid; it names every problem. */
public final class InvalidSettingsException extends RuntimeException {
  private final List<String> problems;

  public InvalidSettingsException(List<String> problems) {
    super(
        problems.size()
            + " invalid setting"
            + (problems.size() == 1 ? "" : "s")
            + ":\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
