package io.bdpaas.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The settings reference in docs/ is generated from the catalog and must not go stale. */
class SettingsReferenceTest {
  private static final Path REFERENCE = Path.of("..", "docs", "settings.md");

  @Test
  void committedReferenceMatchesTheCatalog() throws IOException {
    if (Boolean.getBoolean("regenerateSettingsDocs")) {
      SettingsReference.main(new String[] {REFERENCE.toString()});
    }
    assertThat(REFERENCE).exists();
    assertThat(Files.readString(REFERENCE))
        .as(
            "docs/settings.md is stale; regenerate it with: mvn -q -pl bdpaas-server test"
                + " -Dtest=SettingsReferenceTest -DregenerateSettingsDocs=true")
        .isEqualTo(SettingsReference.markdown());
  }

  @Test
  void everySettingIsDocumented() {
    String markdown = SettingsReference.markdown();
    assertThat(SettingsCatalog.all())
        .allSatisfy(
            setting ->
                assertThat(markdown)
                    .contains("`" + setting.key() + "`")
                    .contains(setting.environmentVariable()));
  }
}
