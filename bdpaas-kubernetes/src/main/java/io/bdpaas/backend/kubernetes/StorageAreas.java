package io.bdpaas.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.remote.RemoteStorageFiles;
import io.bdpaas.engine.EngineAddresses;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The tenants' storage areas on Kubernetes: each is a {@code ReadWriteMany} claim, which the nodes
 * that name it mount, and a file service ({@link StorageObjects}) through which the control plane,
 * which cannot mount a tenant's claim, reaches its files. Thread-safe.
 */
final class StorageAreas {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,54}");

  /** What a storage area's file service is made of, deleted with the area. */
  private static final List<Class<? extends HasMetadata>> FILES_KINDS =
      List.of(StatefulSet.class, Pod.class, Service.class, NetworkPolicy.class, Secret.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final KubernetesNames names;
  private final KubernetesBackendSettings settings;
  private final Applier applier;
  private final StorageObjects objects;

  /** Each area's file service token, by {@code <tenant>/<area>}, once known. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  /** The file services speak HTTP/1.1 only: no upgrade is tried. */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  StorageAreas(
      KubernetesClient client,
      KubernetesNames names,
      KubernetesBackendSettings settings,
      Applier applier) {
    this.client = requireNonNull(client, "client is null");
    this.names = requireNonNull(names, "names is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.applier = requireNonNull(applier, "applier is null");
    this.objects =
        new StorageObjects(
            names,
            settings.controlPlaneNamespace(),
            settings.images().imageFor(settings.filesImage()));
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a storage area's name is 1 to 55 lower-case letters, digits or '-': '" + name + "'");
    }
  }

  /**
   * Makes the area's claim and file service unless they exist; where the nodes find the area. An
   * area this control plane has made or found once (its token is known) is not asked for again:
   * every plan of a project's cluster and every upload ensures its area.
   */
  String ensure(String tenant, String name) {
    String key = tenant + "/" + name;
    if (!tokens.containsKey(key)) {
      String namespace = names.namespace(tenant);
      if (client
              .persistentVolumeClaims()
              .inNamespace(namespace)
              .withName(names.storageClaim(name))
              .get()
          == null) {
        // A claim's spec is immutable once bound: it is only ever created.
        client.resource(claim(tenant, name)).create();
      }
      String token = readToken(tenant, name).orElseGet(StorageAreas::newToken);
      for (HasMetadata object : objects.all(tenant, name, token)) {
        applier.apply(object);
      }
      tokens.put(key, token);
    }
    return NodeObjects.STORAGE_ROOT + name;
  }

  private PersistentVolumeClaim claim(String tenant, String name) {
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(names.storageClaim(name))
            .withNamespace(names.namespace(tenant))
            .withLabels(
                Map.of(
                    KubernetesNames.MANAGED_BY,
                    KubernetesNames.MANAGER,
                    KubernetesNames.TENANT,
                    tenant))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteMany")
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity(settings.storageSize())))
            .endResources()
            .endSpec();
    settings
        .storageClass()
        .ifPresent(storageClass -> claim.editSpec().withStorageClassName(storageClass).endSpec());
    return claim.build();
  }

  /** Deletes the area's file service and its claim, and everything in it. */
  void delete(String tenant, String name) {
    String namespace = names.namespace(tenant);
    Map<String, String> selector = Map.of(StorageObjects.FILES, name);
    for (Class<? extends HasMetadata> kind : FILES_KINDS) {
      client.resources(kind).inNamespace(namespace).withLabels(selector).delete();
    }
    tokens.remove(tenant + "/" + name);
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .withName(names.storageClaim(name))
        .delete();
  }

  /**
   * The area's files, through its file service, reached where {@code addresses} says; an area that
   * was never made has none.
   */
  StorageFiles files(String tenant, String name, EngineAddresses addresses) {
    String area = NodeObjects.STORAGE_ROOT + name;
    Optional<String> token = token(tenant, name);
    if (token.isEmpty()) {
      return new NoStorageFiles(area);
    }
    return new RemoteStorageFiles(
        http,
        URI.create("http://" + names.filesHost(tenant, name) + ":" + StorageObjects.PORT),
        token.get(),
        area,
        addresses);
  }

  private Optional<String> token(String tenant, String name) {
    String key = tenant + "/" + name;
    String known = tokens.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> read = readToken(tenant, name);
    read.ifPresent(token -> tokens.put(key, token));
    return read;
  }

  private Optional<String> readToken(String tenant, String name) {
    Secret secret =
        client
            .secrets()
            .inNamespace(names.namespace(tenant))
            .withName(names.filesToken(name))
            .get();
    if (secret == null
        || secret.getData() == null
        || !secret.getData().containsKey(StorageObjects.TOKEN_KEY)) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
            Base64.getDecoder().decode(secret.getData().get(StorageObjects.TOKEN_KEY)),
            StandardCharsets.UTF_8));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The files of an area that does not exist: none. */
  private record NoStorageFiles(String area) implements StorageFiles {
    @Override
    public List<StoredFile> list() {
      return List.of();
    }

    @Override
    public StoredFile write(StorageFileName file, InputStream content, long maxBytes) {
      throw new IllegalStateException("the storage area " + area + " does not exist");
    }

    @Override
    public Optional<OpenFile> open(StorageFileName file) {
      return Optional.empty();
    }

    @Override
    public boolean delete(StorageFileName file) {
      return false;
    }

    @Override
    public long usedBytes() {
      return 0;
    }

    @Override
    public String location(StorageFileName file) {
      return area + "/files/" + file.value();
    }
  }
}
