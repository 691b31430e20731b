package io.bdpaas.catalog;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.JsonRecordBinder;
import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders product templates with Jinjava (Jinja2 for the JVM) and reads the result as a {@link
 * ClusterTemplate}. Pure: no I/O. Every failure names where it is: the template line for Jinja
 * errors, the rendered line for JSON/YAML errors, the field path for a wrong structure.
 */
public final class TemplateRenderer {
  private final Jinjava lenient;
  private final Jinjava strict;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final ObjectMapper yaml = YAMLMapper.builder().build();
  private final JsonRecordBinder binder = new JsonRecordBinder(json);

  public TemplateRenderer() {
    this.lenient = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(false).build());
    this.strict = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
  }

  /**
   * Renders a template.
   *
   * @param strictVariables whether an undefined variable is an error (true once every variable,
   *     including node allocations, is known)
   */
  public ClusterTemplate render(
      String template,
      TemplateFormat format,
      Map<String, Object> variables,
      boolean strictVariables) {
    String rendered = renderText(template, variables, strictVariables);
    JsonNode document;
    try {
      document = (format == TemplateFormat.YAML ? yaml : json).readTree(rendered);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new BdpaasException(
          ErrorCode.VALIDATION_FAILED,
          "The template rendered to invalid "
              + format
              + (line > 0 ? " at line " + line : "")
              + ": "
              + e.getOriginalMessage(),
          List.of(
              Problem.of(
                  "template",
                  "rendered "
                      + format
                      + " is invalid"
                      + (line > 0 ? " at line " + line : "")
                      + ": "
                      + e.getOriginalMessage())));
    }
    if (document == null || !document.isObject()) {
      throw BdpaasException.invalid("template", "must render to an object with nodeGroups");
    }
    try {
      return binder.bind(document, ClusterTemplate.class);
    } catch (BdpaasException e) {
      throw BdpaasException.invalid(
          e.problems().stream()
              .map(p -> Problem.of("template." + p.field(), p.message()))
              .toList());
    }
  }

  /** The rendered text, or a validation failure listing each Jinja error with its line. */
  public String renderText(
      String template, Map<String, Object> variables, boolean strictVariables) {
    RenderResult result;
    try {
      result = (strictVariables ? strict : lenient).renderForResult(template, variables);
    } catch (RuntimeException e) {
      throw BdpaasException.invalid("template", "cannot be rendered: " + e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        problems.add(
            Problem.of("template", "line " + error.getLineno() + ": " + error.getMessage()));
      }
    }
    BdpaasException.throwIfAny(problems);
    return result.getOutput();
  }
}
