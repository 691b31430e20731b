package io.bdpaas.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.ProbeResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.PortForward;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a control plane outside the Kubernetes cluster reaches its nodes, whose addresses ({@link
 * KubernetesNames#host}) resolve only inside it: each pod port it talks to gets a port-forward
 * through the API server, as {@code kubectl port-forward} makes, listening on loopback. A forward
 * is opened on first use and kept until its node stops; every connection to it is a stream of its
 * own to the pod, so a forward, and its local port that clients such as a Spark Connect session
 * hold on to, stays right while its pod restarts under the same name. Addresses of no tenant pod
 * are reached as they are. Thread-safe.
 */
final class PortForwards implements EngineAddresses, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PortForwards.class.getName());
  private static final Duration TCP_PROBE_WAIT = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final KubernetesNames names;
  private final Map<Target, LocalPortForward> open = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One port of one pod. */
  private record Target(String namespace, String pod, int port) {}

  PortForwards(KubernetesClient client, KubernetesNames names) {
    this.client = requireNonNull(client, "client is null");
    this.names = requireNonNull(names, "names is null");
  }

  @Override
  public InetSocketAddress reach(String host, int port) {
    Optional<KubernetesNames.PodName> pod = names.podOf(host);
    if (pod.isEmpty()) {
      return InetSocketAddress.createUnresolved(host, port);
    }
    if (closed) {
      throw new EngineClientException("the control plane is shutting down");
    }
    Target target = new Target(pod.get().namespace(), pod.get().name(), port);
    LocalPortForward forward =
        open.compute(
            target,
            (key, current) -> current != null && current.isAlive() ? current : start(key, current));
    return InetSocketAddress.createUnresolved(
        forward.getLocalAddress().getHostAddress(), forward.getLocalPort());
  }

  private LocalPortForward start(Target target, LocalPortForward dead) {
    closeQuietly(dead);
    try {
      LocalPortForward forward =
          client
              .pods()
              .inNamespace(target.namespace())
              .withName(target.pod())
              .portForward(target.port(), InetAddress.getLoopbackAddress(), 0);
      LOG.log(
          System.Logger.Level.INFO,
          "port-forward {0}:{1} -> pod {2}/{3} port {4}",
          forward.getLocalAddress().getHostAddress(),
          String.valueOf(forward.getLocalPort()),
          target.namespace(),
          target.pod(),
          String.valueOf(target.port()));
      return forward;
    } catch (KubernetesClientException e) {
      throw new EngineClientException(
          "could not open a port-forward to pod "
              + target.namespace()
              + "/"
              + target.pod()
              + " port "
              + target.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Whether the pod behind {@code host} accepts connections on {@code port}. A forward's local port
   * accepts every connection whether or not the pod's does, so this opens one stream to the pod and
   * waits briefly: the node (the kubelet) answers a refused connection with an error on the
   * stream's error channel.
   */
  ProbeResult probeTcp(String host, int port) {
    String description =
        "TCP " + host + ":" + port + " accepts connections (through the API server)";
    Optional<KubernetesNames.PodName> pod = names.podOf(host);
    if (pod.isEmpty()) {
      return ProbeResult.notReady(description + ": not a pod of this platform");
    }
    Pipe nothingToSend;
    try {
      nothingToSend = Pipe.open();
    } catch (IOException e) {
      return ProbeResult.notReady(description + ": " + e.getMessage());
    }
    try (Pipe.SinkChannel sink = nothingToSend.sink();
        Pipe.SourceChannel source = nothingToSend.source();
        PortForward stream =
            client
                .pods()
                .inNamespace(pod.get().namespace())
                .withName(pod.get().name())
                .portForward(port, source, Channels.newChannel(OutputStream.nullOutputStream()))) {
      long deadline = System.nanoTime() + TCP_PROBE_WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        if (stream.errorOccurred() || !stream.isAlive()) {
          return ProbeResult.notReady(description + ": not yet (" + why(stream) + ")");
        }
        Thread.sleep(50);
      }
      return ProbeResult.ready(description);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.notReady(description + ": interrupted");
    } catch (IOException | KubernetesClientException e) {
      return ProbeResult.notReady(description + ": not yet (" + e.getMessage() + ")");
    }
  }

  private static String why(PortForward stream) {
    return stream.getServerThrowables().stream()
        .findFirst()
        .or(() -> stream.getClientThrowables().stream().findFirst())
        .map(PortForwards::describe)
        .orElse("the stream was closed");
  }

  /** A stream's failure in words: the API server's refusal of it with its reason. */
  private static String describe(Throwable failure) {
    if (failure instanceof WebSocketHandshakeException refused) {
      Throwable cause = refused.getCause();
      return "the API server refused the stream with HTTP "
          + refused.getResponse().code()
          + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }

  /** Closes the forwards to a pod, once its node is stopped or its cluster deleted. */
  void forget(String namespace, String pod) {
    open.entrySet()
        .removeIf(
            entry -> {
              boolean match =
                  entry.getKey().namespace().equals(namespace) && entry.getKey().pod().equals(pod);
              if (match) {
                closeQuietly(entry.getValue());
              }
              return match;
            });
  }

  /** How many forwards are open, for tests and the logs. */
  int openCount() {
    return open.size();
  }

  @Override
  public void close() {
    closed = true;
    open.values().forEach(PortForwards::closeQuietly);
    open.clear();
  }

  private static void closeQuietly(PortForward forward) {
    if (forward == null) {
      return;
    }
    try {
      forward.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a port-forward failed", e);
    }
  }
}
