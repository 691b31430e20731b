package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.databind.json.JsonMapper;

class RenderedJsonTest {
  private final AtomicInteger views = new AtomicInteger();
  private final RenderedJson<List<String>> rendered =
      new RenderedJson<>(
          JsonMapper.builder().build(),
          names -> {
            views.incrementAndGet();
            return names.stream().map(String::toUpperCase).toList();
          },
          2);

  private static ServletWebRequest get(String ifNoneMatch) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/clusters");
    if (ifNoneMatch != null) {
      request.addHeader("If-None-Match", ifNoneMatch);
    }
    return new ServletWebRequest(request, new MockHttpServletResponse());
  }

  private static String body(ResponseEntity<byte[]> response) {
    return new String(response.getBody(), StandardCharsets.UTF_8);
  }

  @Test
  void theSameAnswerIsWrittenOnceAndServedAgain() {
    List<String> answer = List.of("a", "b");

    ResponseEntity<byte[]> first = rendered.respond(answer, get(null));
    ResponseEntity<byte[]> second = rendered.respond(answer, get(null));

    assertThat(body(first)).isEqualTo("[\"A\",\"B\"]");
    assertThat(second.getBody()).isSameAs(first.getBody());
    assertThat(second.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag());
    assertThat(views).hasValue(1);
  }

  @Test
  void aNewAnswerIsWrittenAfreshEvenWhenEqual() {
    // The store answers a new instance after any write: equal content is written again (cheap and
    // never stale), and gets the same entity tag, since the tag is the content's.
    ResponseEntity<byte[]> first = rendered.respond(List.of("a"), get(null));
    ResponseEntity<byte[]> second = rendered.respond(List.of("a"), get(null));
    ResponseEntity<byte[]> changed = rendered.respond(List.of("c"), get(null));

    assertThat(views).hasValue(3);
    assertThat(second.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag());
    assertThat(changed.getHeaders().getETag()).isNotEqualTo(first.getHeaders().getETag());
    assertThat(body(changed)).isEqualTo("[\"C\"]");
  }

  @Test
  void aClientHoldingTheAnswerGetsNotModified() {
    List<String> answer = List.of("a");
    String tag = rendered.respond(answer, get(null)).getHeaders().getETag();

    ResponseEntity<byte[]> polled = rendered.respond(answer, get(tag));
    ResponseEntity<byte[]> stale = rendered.respond(List.of("b"), get(tag));

    assertThat(polled.getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
    assertThat(polled.getBody()).isNull();
    assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(body(stale)).isEqualTo("[\"B\"]");
  }

  @Test
  void keptRenderingsAreBounded() {
    List<String> first = List.of("1");
    rendered.respond(first, get(null));
    rendered.respond(List.of("2"), get(null));
    rendered.respond(List.of("3"), get(null)); // over the bound: all dropped, then kept

    rendered.respond(first, get(null));

    assertThat(views).hasValue(4);
  }
}
