package io.bdpaas.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * Writes a desired object to the API server, creating or changing it: the one way the backend
 * writes, so that every object is owned by one field manager.
 */
@FunctionalInterface
public interface Applier {
  /** The field manager of every object the backend applies. */
  String FIELD_MANAGER = "bdpaas";

  <T extends HasMetadata> T apply(T desired);

  /**
   * Server-side apply with the backend's field manager, taking over fields another manager set: the
   * object ends up as desired whoever touched it.
   */
  static Applier serverSide(KubernetesClient client) {
    return new Applier() {
      @Override
      public <T extends HasMetadata> T apply(T desired) {
        desired.getMetadata().setManagedFields(null);
        desired.getMetadata().setResourceVersion(null);
        return client
            .resource(desired)
            .fieldManager(FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      }
    };
  }

  /**
   * Create, or replace what exists: for API servers without server-side apply, such as fabric8's
   * mock server that the fast tests run against.
   */
  static Applier createOrUpdate(KubernetesClient client) {
    return new Applier() {
      @Override
      public <T extends HasMetadata> T apply(T desired) {
        desired.getMetadata().setResourceVersion(null);
        return client.resource(desired).createOr(NonDeletingOperation::update);
      }
    };
  }
}
