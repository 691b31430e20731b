package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void computesOffsetAndPageCount() {
    PageRequest request = new PageRequest(2, 10);
    Page<String> page = Page.of(List.of("a", "b"), request, 42);

    assertThat(request.offset()).isEqualTo(20);
    assertThat(page.totalPages()).isEqualTo(5);
    assertThat(page.hasPrevious()).isTrue();
    assertThat(page.hasNext()).isTrue();
    assertThat(Page.of(List.of(), PageRequest.first(10), 0).totalPages()).isZero();
  }

  @Test
  void reportsBothBadPageAndBadSize() {
    BdpaasException failure =
        catchThrowableOfType(BdpaasException.class, () -> new PageRequest(-1, 0));

    assertThat(failure.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(failure.problems()).extracting(Problem::field).containsExactly("page", "size");
  }
}
