package io.bdpaas.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON answer to a request that waits for something done elsewhere (a notebook paragraph's
 * run), written by the thread that ends the wait.
 *
 * <p>Spring MVC's {@code DeferredResult} answers by dispatching the request a second time on a
 * container thread, which runs the filters again and then writes the value: about 2 ms of a
 * notebook paragraph's 80 ms round trip (docs/benchmarks.md, the notebook benchmark's round 4).
 * Here the request goes asynchronous as with {@code DeferredResult}, so no thread is held while it
 * waits, and the answer is written, with its length, by whichever comes last: the value, or the end
 * of the request's first pass through the filters ({@link AwaitedAnswerFilter}, the outermost). So
 * the response is never touched by two threads at once, and the filters' headers are on it before
 * the body goes.
 *
 * <p>A handler that {@linkplain #start starts} one returns {@code null}: the answer is written
 * here, not by Spring MVC. Its errors before that point are Spring MVC's as usual.
 */
public final class AwaitedAnswer {
  private static final Logger log = LoggerFactory.getLogger(AwaitedAnswer.class);

  private final AsyncContext context;
  private final ObjectMapper json;
  private final String path;

  /** Two parties must arrive before the answer is written: its value, and the first pass's end. */
  private final AtomicInteger parties = new AtomicInteger(2);

  /** Set by the first value, timeout or error: later ones are ignored. */
  private final AtomicBoolean settled = new AtomicBoolean();

  private volatile ResponseEntity<?> value;

  /** What runs once the request has ended, however it ended; null once it has. */
  private List<Runnable> onEnd = new ArrayList<>();

  private AwaitedAnswer(AsyncContext context, ObjectMapper json, String path) {
    this.context = context;
    this.json = json;
    this.path = path;
  }

  /**
   * Puts the request in asynchronous mode: it is answered by {@link #send}, or when {@code timeout}
   * passes first, with what {@code onTimeout} gives then.
   *
   * @throws IllegalStateException if the request did not pass {@link AwaitedAnswerFilter}
   */
  public static AwaitedAnswer start(
      HttpServletRequest request,
      ObjectMapper json,
      Duration timeout,
      Supplier<ResponseEntity<?>> onTimeout) {
    AwaitedAnswerFilter.Pass pass =
        (AwaitedAnswerFilter.Pass) request.getAttribute(AwaitedAnswerFilter.PASS);
    if (pass == null) {
      throw new IllegalStateException(
          "an awaited answer needs " + AwaitedAnswerFilter.class.getSimpleName());
    }
    AsyncContext context = request.startAsync();
    context.setTimeout(timeout.toMillis());
    AwaitedAnswer answer = new AwaitedAnswer(context, json, request.getRequestURI());
    context.addListener(answer.new Listener(onTimeout));
    pass.await(answer);
    return answer;
  }

  /**
   * Answers with {@code value} (its status, headers and body as JSON), unless the request was
   * answered already, timed out or failed; false then.
   */
  public boolean send(ResponseEntity<?> value) {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    this.value = value;
    arrive();
    return true;
  }

  /**
   * Answers with {@code answer} of what {@code stage} completes with, when it does; 500 if it fails
   * or {@code answer} throws.
   */
  public <T> void sendWhen(
      CompletionStage<T> stage, Function<? super T, ResponseEntity<?>> answer) {
    stage.whenComplete(
        (result, failure) -> {
          if (failure != null) {
            fail(failure);
            return;
          }
          ResponseEntity<?> entity;
          try {
            entity = answer.apply(result);
          } catch (RuntimeException e) {
            fail(e);
            return;
          }
          send(entity);
        });
  }

  /**
   * Runs {@code action} once the request has ended, however it ended (answered, timed out, or the
   * client gone); at once if it has ended already. For what the wait holds, such as a registration.
   */
  public void whenEnded(Runnable action) {
    synchronized (this) {
      if (onEnd != null) {
        onEnd.add(action);
        return;
      }
    }
    action.run();
  }

  private void ended() {
    List<Runnable> actions;
    synchronized (this) {
      actions = onEnd;
      onEnd = null;
    }
    if (actions == null) {
      return;
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("{}: a clean-up after the answer failed", path, e);
      }
    }
  }

  /** Answers 500 with a problem that names no detail of {@code failure}, which is logged. */
  public boolean fail(Throwable failure) {
    log.error("Unexpected failure answering {}", path, failure);
    return send(ProblemResponses.internalError(path));
  }

  /** The request's first pass through the filters has ended (from {@link AwaitedAnswerFilter}). */
  void firstPassEnded() {
    arrive();
  }

  private void arrive() {
    if (parties.decrementAndGet() == 0) {
      write();
    }
  }

  private void write() {
    ResponseEntity<?> answer = value;
    if (answer == null) {
      // The request failed (the client went away): the container ends it.
      return;
    }
    try {
      byte[] body;
      try {
        body = answer.hasBody() ? json.writeValueAsBytes(answer.getBody()) : new byte[0];
      } catch (RuntimeException e) {
        log.error("Unexpected failure answering {}", path, e);
        answer = ProblemResponses.internalError(path);
        body = json.writeValueAsBytes(answer.getBody());
      }
      HttpServletResponse response = (HttpServletResponse) context.getResponse();
      response.setStatus(answer.getStatusCode().value());
      answer
          .getHeaders()
          .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
      if (answer.getHeaders().getContentType() == null) {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      }
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    } catch (IOException | IllegalStateException e) {
      // The client went away: the write failed, or the container has ended the request already.
      log.debug("{}: the client went away before its answer", path, e);
    } finally {
      try {
        context.complete();
      } catch (IllegalStateException e) {
        // Ended already, by the container after an error.
        log.debug("{}: ended before its answer", path, e);
      }
    }
  }

  private final class Listener implements AsyncListener {
    private final Supplier<ResponseEntity<?>> onTimeout;

    private Listener(Supplier<ResponseEntity<?>> onTimeout) {
      this.onTimeout = onTimeout;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      if (settled.get()) {
        return;
      }
      ResponseEntity<?> late;
      try {
        late = onTimeout.get();
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      send(late);
    }

    @Override
    public void onError(AsyncEvent event) {
      settled.set(true);
      ended();
    }

    @Override
    public void onComplete(AsyncEvent event) {
      ended();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
