package io.bdpaas.security;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.tenancy.Caller;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets controller methods take the current {@link Caller} as a parameter, or an {@code
 * Optional<Caller>} where nobody may be signed in (the layout of the login page).
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType().equals(Caller.class) || isOptionalCaller(parameter);
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer container,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    return isOptionalCaller(parameter) ? CurrentCaller.find() : current();
  }

  /** The caller of the current request; fails with 401 when nobody is signed in. */
  static Caller current() {
    return CurrentCaller.find()
        .orElseThrow(
            () -> new BdpaasException(ErrorCode.UNAUTHENTICATED, "Authentication is required"));
  }

  private static boolean isOptionalCaller(MethodParameter parameter) {
    return parameter.getParameterType().equals(Optional.class)
        && parameter.nested().getNestedParameterType().equals(Caller.class);
  }
}
