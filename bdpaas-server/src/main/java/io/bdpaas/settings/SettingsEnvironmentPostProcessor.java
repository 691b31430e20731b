package io.bdpaas.settings;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds the settings catalog as early as possible, stops start-up naming every problem, and derives
 * the framework's own properties (port, datasource, cookies, limits) from it, so that the catalog
 * is the one place where settings live.
 */
public final class SettingsEnvironmentPostProcessor implements EnvironmentPostProcessor {
  static final String DERIVED_SOURCE = "bdpaasDerivedSettings";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    BdpaasSettings settings = bind(environment);
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource(DERIVED_SOURCE, derive(settings)));
  }

  /** Binds the catalog from a Spring environment: flags, environment variables, property files. */
  public static BdpaasSettings bind(ConfigurableEnvironment environment) {
    Map<String, String> values = new HashMap<>();
    for (Setting<?> setting : SettingsCatalog.all()) {
      String value = environment.getProperty(setting.key());
      if (value != null) {
        values.put(setting.key(), value);
      }
    }
    Set<String> givenKeys = givenKeys(environment);
    BdpaasSettings settings = SettingsCatalog.bind(values, givenKeys).orThrow();
    if (settings.backend() == BackendKind.KUBERNETES) {
      // Nodes run from their images: no engine runtime is needed on the control plane's machine.
      return settings;
    }
    return settings.withRuntimeDir(
        RuntimeDirectory.locate(
            settings.runtimeDir(),
            givenKeys.contains(SettingsCatalog.RUNTIME_DIR.key()),
            serverHome()));
  }

  /** The folder of the server's jar, or of its classes when it runs from a build. */
  private static Optional<Path> serverHome() {
    File home = new ApplicationHome(SettingsEnvironmentPostProcessor.class).getDir();
    return Optional.ofNullable(home).map(File::toPath);
  }

  private static Set<String> givenKeys(ConfigurableEnvironment environment) {
    Set<String> keys = new HashSet<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source.getName().equals(DERIVED_SOURCE)
          || !(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      boolean fromEnvironmentVariables = source instanceof SystemEnvironmentPropertySource;
      for (String name : enumerable.getPropertyNames()) {
        if (fromEnvironmentVariables) {
          if (name.startsWith("BDPAAS_")) {
            keys.add(keyOfEnvironmentVariable(name));
          }
        } else if (name.startsWith("bdpaas.")) {
          keys.add(name);
        }
      }
    }
    return keys;
  }

  private static String keyOfEnvironmentVariable(String variable) {
    return SettingsCatalog.all().stream()
        .filter(setting -> setting.environmentVariable().equals(variable))
        .map(Setting::key)
        .findFirst()
        .orElse(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
  }

  static Map<String, Object> derive(BdpaasSettings settings) {
    Map<String, Object> derived = new LinkedHashMap<>();
    derived.put("server.port", settings.port());
    derived.put("server.address", settings.bindAddress());
    derived.put("spring.datasource.url", settings.databaseUrl());
    derived.put("spring.datasource.username", settings.databaseUser());
    derived.put("spring.datasource.password", settings.databasePassword());
    derived.put("server.servlet.session.timeout", settings.sessionTimeoutMinutes() + "m");
    BdpaasSettings.HttpLimits http = settings.httpLimits();
    derived.put("server.tomcat.max-connections", http.maxConnections());
    derived.put("server.tomcat.connection-timeout", http.connectionTimeoutSeconds() + "s");
    derived.put("server.tomcat.keep-alive-timeout", http.keepAliveTimeoutSeconds() + "s");
    derived.put("server.servlet.session.cookie.secure", settings.secureCookies());
    derived.put("server.servlet.session.cookie.http-only", true);
    derived.put("server.servlet.session.cookie.same-site", "lax");
    derived.put("server.servlet.session.cookie.name", "BDPAAS_SESSION");
    // Multipart bodies are never parsed, so never spooled to disk: uploads are raw bodies streamed
    // under their own limit (StreamedUploads).
    derived.put("spring.servlet.multipart.enabled", false);
    // Form bodies of PUT, PATCH and DELETE would be read whole into memory by Spring's form filter
    // before any body limit (it runs ahead of the security filters): no endpoint takes them, and
    // "curl --data-binary" sends an upload as one.
    derived.put("spring.mvc.formcontent.filter.enabled", false);
    derived.put("spring.servlet.multipart.max-file-size", settings.maxUploadBytes() + "B");
    derived.put("spring.servlet.multipart.max-request-size", settings.maxUploadBytes() + "B");
    derived.put("spring.servlet.multipart.location", settings.dataDir().resolve("tmp").toString());
    return derived;
  }
}
