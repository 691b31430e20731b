package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
  @Test
  void neverHandsOutTheSamePortTwice() {
    PortAllocator allocator = new PortAllocator(40000, 40049);
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      ports.add(allocator.allocate());
    }

    assertThat(ports).hasSize(40).allMatch(port -> port >= 40000 && port <= 40049);
  }

  @Test
  void skipsAPortSomeoneIsListeningOn() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int taken = busy.getLocalPort();
      PortAllocator allocator = new PortAllocator(taken, taken);

      assertThat(PortAllocator.canBindLoopback(taken)).isFalse();
      assertThatThrownBy(allocator::allocate)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no free port");
    }
  }

  @Test
  void skipsPortsTheCheckRejects() {
    PortAllocator allocator = new PortAllocator(100, 104, port -> port == 103);

    assertThat(allocator.allocate()).isEqualTo(103);
    assertThatThrownBy(allocator::allocate).hasMessageContaining("no free port");
  }

  @Test
  void releasedPortsCanBeHandedOutAgain() {
    PortAllocator allocator = new PortAllocator(200, 201, port -> true);
    List<Integer> both = allocator.allocate(2);

    assertThat(both).containsExactlyInAnyOrder(200, 201);
    allocator.release(200);
    assertThat(allocator.isHandedOut(200)).isFalse();
    assertThat(allocator.allocate()).isEqualTo(200);
  }

  @Test
  void allocatesAllOrNothing() {
    PortAllocator allocator = new PortAllocator(300, 302, port -> true);

    assertThatThrownBy(() -> allocator.allocate(4)).hasMessageContaining("no free port");
    assertThat(allocator.allocate(3)).hasSize(3);
  }

  @Test
  void reservedPortsAreNotHandedOut() {
    PortAllocator allocator = new PortAllocator(400, 401, port -> true);
    allocator.reserve(400);

    assertThat(allocator.allocate()).isEqualTo(401);
  }

  @Test
  void rejectsAnEmptyRange() {
    assertThatThrownBy(() -> new PortAllocator(10, 9)).hasMessageContaining("not empty");
    assertThatThrownBy(() -> new PortAllocator(0, 9)).hasMessageContaining("within 1-65535");
  }
}
