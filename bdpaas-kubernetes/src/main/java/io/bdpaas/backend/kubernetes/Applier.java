package io.bdpaas.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * Writes a desired object to the API server, creating or changing it: the one way the backend
 * writes, so that every object is owned by one field manager.
 */
public interface Applier {
  /** The field manager of every object the backend applies. */
  String FIELD_MANAGER = "bdpaas";

  <T extends HasMetadata> T apply(T desired);

  /**
   * Asks the API server whether it would create {@code object}, running its admission (quota
   * included) without storing anything; a refusal is a {@code KubernetesClientException}.
   */
  void admit(HasMetadata object);

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

      @Override
      public void admit(HasMetadata object) {
        client.resource(object).dryRun().create();
      }
    };
  }

  /**
   * Create, or replace what exists, and no admission asked for: for API servers without server-side
   * apply or dry runs, such as fabric8's mock server that the fast tests run against (it would
   * store a dry run's object).
   */
  static Applier createOrUpdate(KubernetesClient client) {
    return new Applier() {
      @Override
      public <T extends HasMetadata> T apply(T desired) {
        desired.getMetadata().setResourceVersion(null);
        return client.resource(desired).createOr(NonDeletingOperation::update);
      }

      @Override
      public void admit(HasMetadata object) {}
    };
  }
}
