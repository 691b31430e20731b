package io.bdpaas.backend.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Hands out free loopback TCP ports from a range, never the same one twice until it is released. A
 * port is free when nothing was handed out with it and binding it on the loopback address succeeds.
 * The default range lies below Linux's ephemeral range (32768+), so outgoing connections do not
 * grab ports between allocation and use. Thread-safe.
 */
public final class PortAllocator {
  /** First port of the default range. */
  public static final int DEFAULT_FIRST_PORT = 20000;

  /** Last port of the default range. */
  public static final int DEFAULT_LAST_PORT = 32000;

  private final int firstPort;
  private final int lastPort;
  private final IntPredicate bindable;
  private final Set<Integer> handedOut = new HashSet<>();

  /**
   * An allocator over the default range, checking ports by binding them on the loopback address.
   */
  public PortAllocator() {
    this(DEFAULT_FIRST_PORT, DEFAULT_LAST_PORT);
  }

  /**
   * An allocator over {@code [firstPort, lastPort]}, checking ports by binding them on the loopback
   * address.
   */
  public PortAllocator(int firstPort, int lastPort) {
    this(firstPort, lastPort, PortAllocator::canBindLoopback);
  }

  /** An allocator with a custom availability check (tests). */
  PortAllocator(int firstPort, int lastPort, IntPredicate bindable) {
    if (firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
      throw new IllegalArgumentException(
          "port range must be within 1-65535 and not empty: " + firstPort + "-" + lastPort);
    }
    this.firstPort = firstPort;
    this.lastPort = lastPort;
    this.bindable = bindable;
  }

  /** A free port, remembered as handed out. */
  public synchronized int allocate() {
    int size = lastPort - firstPort + 1;
    // Start at a random offset: two control planes (or test runs) sharing a machine rarely race for
    // one port.
    int offset = ThreadLocalRandom.current().nextInt(size);
    for (int i = 0; i < size; i++) {
      int port = firstPort + (offset + i) % size;
      if (!handedOut.contains(port) && bindable.test(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port left in "
            + firstPort
            + "-"
            + lastPort
            + " ("
            + handedOut.size()
            + " handed out)");
  }

  /** {@code count} distinct free ports; all or none are handed out. */
  public synchronized List<Integer> allocate(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    List<Integer> ports = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        ports.add(allocate());
      }
    } catch (RuntimeException e) {
      release(ports);
      throw e;
    }
    return List.copyOf(ports);
  }

  /**
   * Marks a port as in use without checking it, e.g. for a re-adopted node after a control-plane
   * restart.
   */
  public synchronized void reserve(int port) {
    handedOut.add(port);
  }

  /** Gives a port back, so it may be handed out again. */
  public synchronized void release(int port) {
    handedOut.remove(port);
  }

  /** Gives ports back. */
  public synchronized void release(Iterable<Integer> ports) {
    ports.forEach(handedOut::remove);
  }

  /** Whether the port is currently handed out. */
  public synchronized boolean isHandedOut(int port) {
    return handedOut.contains(port);
  }

  /** Whether a server socket can bind the port on the loopback address right now. */
  public static boolean canBindLoopback(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
