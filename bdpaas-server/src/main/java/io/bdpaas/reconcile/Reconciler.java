package io.bdpaas.reconcile;

/**
 * Takes one idempotent step of one resource toward its desired state. Called by a {@link
 * ReconcileKernel}, never twice at the same time for the same key.
 *
 * @param <K> the resource's id
 */
@FunctionalInterface
public interface Reconciler<K> {
  /**
   * One step. A step that cannot go on returns {@link StepResult.Wait} or {@link StepResult.Fail}
   * rather than throwing; an exception means something unexpected (the database is down) and is
   * retried with back-off.
   */
  StepResult reconcile(K key);
}
