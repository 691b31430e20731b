package io.bdpaas.backend.kubernetes;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the API server's and kubelet's side of a port-forward, in the test: the {@code
 * pods/portforward} WebSocket of the {@code v4.channel.k8s.io} protocol, relaying each stream to a
 * local port that plays the pod's. It speaks the protocol as the kubelet does: the port number
 * first on the data and the error channel (channels 0 and 1), then data on channel 0 both ways; a
 * pod port that refuses the connection is reported on the error channel and the stream closed. Not
 * a pod: what the pod "runs" is whatever listens on the local port.
 */
final class PortForwardServer implements AutoCloseable {
  private static final Pattern PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward");
  private static final Pattern PORTS = Pattern.compile("(?:^|&)ports=(\\d+)(?:&|$)");

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  /** Kept for the server's life: Vert.x closes a client nothing refers to, and its connections. */
  private final NetClient pods;

  /** Local port playing each pod's ({@code namespace/pod} → local port), for every pod port. */
  private final Map<String, Integer> podPorts = new ConcurrentHashMap<>();

  /** Each stream asked for, as {@code namespace/pod:port}. */
  final List<String> streams = new CopyOnWriteArrayList<>();

  PortForwardServer() throws Exception {
    pods = vertx.createNetClient();
    server =
        vertx.createHttpServer(
            new HttpServerOptions().setWebSocketSubProtocols(List.of("v4.channel.k8s.io")));
    server.webSocketHandshakeHandler(
        handshake -> {
          Matcher path = PATH.matcher(handshake.path());
          if (!path.matches() || !podPorts.containsKey(path.group(1) + "/" + path.group(2))) {
            handshake.reject(404);
          } else {
            handshake.accept();
          }
        });
    server.webSocketHandler(this::relay);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  /** The URL to give the client as its API server. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Makes {@code namespace/pod} exist, its ports served by whatever listens on {@code local}. */
  void pod(String namespace, String pod, int local) {
    podPorts.put(namespace + "/" + pod, local);
  }

  private void relay(ServerWebSocket socket) {
    Matcher path = PATH.matcher(socket.path());
    Matcher ports = PORTS.matcher(socket.query() == null ? "" : socket.query());
    if (!path.matches() || !ports.find()) {
      socket.close((short) 1002, "no port");
      return;
    }
    int port = Integer.parseInt(ports.group(1));
    String pod = path.group(1) + "/" + path.group(2);
    streams.add(pod + ":" + port);
    // Everything happens on this WebSocket's event loop: data that comes before the pod's port is
    // connected waits for it, in order.
    List<Buffer> early = new ArrayList<>();
    NetSocket[] upstream = new NetSocket[1];
    boolean[] closed = new boolean[1];
    socket.binaryMessageHandler(
        message -> {
          if (message.length() > 1 && message.getByte(0) == 0) {
            Buffer data = message.getBuffer(1, message.length());
            if (upstream[0] == null) {
              early.add(data);
            } else {
              upstream[0].write(data);
            }
          }
        });
    socket.closeHandler(
        ignored -> {
          closed[0] = true;
          if (upstream[0] != null) {
            upstream[0].close();
          }
        });
    socket.writeBinaryMessage(portHeader(0, port));
    socket.writeBinaryMessage(portHeader(1, port));
    pods.connect(podPorts.get(pod), "127.0.0.1")
        .onSuccess(
            connection -> {
              upstream[0] = connection;
              early.forEach(connection::write);
              early.clear();
              connection.handler(data -> socket.writeBinaryMessage(onChannel(0, data)));
              connection.closeHandler(ignored -> socket.close());
              if (closed[0]) {
                connection.close();
              }
            })
        .onFailure(
            failure -> {
              String why =
                  "error forwarding port "
                      + port
                      + " to pod "
                      + pod
                      + ": dial tcp 127.0.0.1:"
                      + port
                      + ": connect: connection refused";
              socket
                  .writeBinaryMessage(
                      onChannel(1, Buffer.buffer(why.getBytes(StandardCharsets.UTF_8))))
                  .onComplete(ignored -> socket.close());
            });
  }

  private static Buffer portHeader(int channel, int port) {
    return Buffer.buffer(new byte[] {(byte) channel, (byte) (port & 0xff), (byte) (port >> 8)});
  }

  private static Buffer onChannel(int channel, Buffer data) {
    return Buffer.buffer().appendByte((byte) channel).appendBuffer(data);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }
}
