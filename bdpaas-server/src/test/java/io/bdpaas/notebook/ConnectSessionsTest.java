package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.engine.EngineAddresses;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectSessionsTest {
  @Test
  void aConnectServerReachedThroughALocalForwardIsWrittenAsLocalhostSoTheClientKeepsPlainText() {
    EngineAddresses forward =
        (host, port) -> InetSocketAddress.createUnresolved("127.0.0.1", 41001);

    assertThat(
            ConnectSessions.reached(
                "sc://c-1-connect-0-0.c-1-connect.ns.svc.cluster.local:15002", forward))
        .isEqualTo("sc://localhost:41001");
  }

  @Test
  void aConnectServerReachedDirectlyKeepsItsAddress() {
    assertThat(ConnectSessions.reached("sc://node.svc:15002", EngineAddresses.DIRECT))
        .isEqualTo("sc://node.svc:15002");
    assertThat(ConnectSessions.reached("sc://127.0.0.1:15002", EngineAddresses.DIRECT))
        .isEqualTo("sc://localhost:15002");
  }
}
