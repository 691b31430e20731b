package io.bdpaas.engineui;

import static java.util.Objects.requireNonNull;

import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.tenancy.Caller;
import java.net.URI;
import java.util.Optional;

/**
 * Parts of a cluster's UI served from elsewhere than its {@link ClusterSummary#WEB_UI} endpoint,
 * with a credential of their own: a Spark job run's driver UI, which is behind its run's key rather
 * than the cluster's, at the path Spark's reverse proxy gives it ({@code /proxy/<app id>/}).
 */
public interface EngineUiRoutes {
  /**
   * Where {@code path} (under the cluster's UI prefix, e.g. {@code /proxy/app-1/jobs/}) is served
   * from, for a caller who may see the cluster; empty for the cluster's own UI.
   */
  Optional<Route> route(Caller caller, ClusterSummary cluster, String path);

  /**
   * @param mount where the UI's root is under the cluster's UI prefix, e.g. {@code /proxy/app-1}
   * @param base the UI's address, e.g. {@code http://127.0.0.1:4041/}
   * @param bearer what its filter wants
   * @param path the path to ask it for, starting with {@code /}
   */
  record Route(String mount, URI base, String bearer, String path) {
    public Route {
      requireNonNull(mount, "mount is null");
      requireNonNull(base, "base is null");
      requireNonNull(bearer, "bearer is null");
      requireNonNull(path, "path is null");
    }
  }
}
