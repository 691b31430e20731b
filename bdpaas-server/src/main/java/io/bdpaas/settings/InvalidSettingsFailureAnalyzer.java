package io.bdpaas.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints invalid settings as a readable start-up failure instead of a stack trace. */
public final class InvalidSettingsFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidSettingsException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingsException cause) {
    return new FailureAnalysis(
        "BDPaaS cannot start: " + cause.getMessage(),
        "Fix the settings above (command-line flags --bdpaas.<name>=<value> or environment"
            + " variables BDPAAS_<NAME>). docs/settings.md lists every setting.",
        cause);
  }
}
