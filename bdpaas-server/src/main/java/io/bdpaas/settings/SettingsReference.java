package io.bdpaas.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates {@code docs/settings.md} from the catalog. Run {@code main} with the path of the file
 * to rewrite it; a test fails when the committed file is stale.
 */
public final class SettingsReference {
  private SettingsReference() {}

  /** The reference document as Markdown. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Settings reference\n\n")
        .append(
            "<!-- Generated from SettingsCatalog.java by SettingsReference; do not edit. -->\n\n")
        .append("Every setting can be given as a command-line flag (`--bdpaas.port=9090`) or an")
        .append(" environment variable (`BDPAAS_PORT=9090`). A bad or unknown value stops start-up")
        .append(" with a message that names every problem.\n\n")
        .append("| Setting | Environment variable | Type | Default | Description |\n")
        .append("|---|---|---|---|---|\n");
    for (Setting<?> setting : SettingsCatalog.all()) {
      String defaultValue = setting.defaultValue().orElse("");
      out.append("| `")
          .append(setting.key())
          .append("` | `")
          .append(setting.environmentVariable())
          .append("` | ")
          .append(setting.type().replace("|", "\\|"))
          .append(" | ")
          .append(defaultValue.isEmpty() ? "(empty)" : "`" + defaultValue + "`")
          .append(" | ")
          .append(setting.description().replace("|", "\\|"))
          .append(setting.secret() ? " *Secret: never printed.*" : "")
          .append(" |\n");
    }
    return out.toString();
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/settings.md");
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(target, markdown());
  }
}
