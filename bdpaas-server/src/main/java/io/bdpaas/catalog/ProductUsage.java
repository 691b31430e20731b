package io.bdpaas.catalog;

/** How many live (not destroyed) clusters use a product version; answered by the cluster side. */
public interface ProductUsage {
  long activeClusters(ProductKey key);
}
