package io.bdpaas.security;

import io.bdpaas.account.UserStore;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.RequestBodyLimitFilter;
import io.bdpaas.api.SlowBodyGuard;
import io.bdpaas.api.StreamedUploads;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.tenancy.Caller;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may do what: console pages with a form login and a session (CSRF-protected), the REST API
 * with the same session or an API token, and a problem+json answer for the API when access is
 * refused.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
          + " frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

  private static final String[] PUBLIC_PATHS = {
    "/login",
    "/css/**",
    "/js/**",
    "/img/**",
    "/favicon.ico",
    "/error",
    "/actuator/health",
    "/actuator/health/**",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui/**",
    "/swagger-ui.html",
    "/api/docs",
    "/api/swagger-ui/**"
  };

  static {
    // The caller is resolved from the authentication (CallerArgumentResolver), never sent by
    // clients, so the OpenAPI document does not show it as a request parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      ApiTokenService tokens,
      UserStore users,
      ProblemWriter problems,
      BdpaasSettings settings,
      ObjectMapper objectMapper,
      AuthenticationManager authenticationManager)
      throws Exception {
    StreamedUploads uploads =
        new StreamedUploads(
            settings.uploads().maxProjectFileBytes(),
            settings.uploads().minBytesPerSecond(),
            Duration.ofSeconds(settings.httpLimits().bodyReadTimeoutSeconds()),
            settings.uploads().maxConcurrent());
    RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
    // Where to return after signing in, kept in a cookie (no session for anonymous visitors).
    RequestCache savedPages = consolePagesOnly(api);
    RequestMatcher bearer = ApiTokenAuthenticationFilter::hasBearerToken;
    // A person who opens an API address in a browser is sent to the login page; programs, which do
    // not ask for HTML, get problem+json.
    RequestMatcher apiProgram = request -> api.matches(request) && !asksForHtml(request);
    // The console form signs in through the same manager as the token login, so that both count
    // failures and refuse locked-out addresses alike.
    http.authenticationManager(authenticationManager);
    http.authorizeHttpRequests(
            authorize ->
                authorize
                    // The request was authorized when it arrived; the dispatch that writes an
                    // answer computed later (a client waiting for a cluster) is not a new request.
                    .dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers(PUBLIC_PATHS)
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/auth/token")
                    .permitAll()
                    .requestMatchers("/api/v1/admin/**", "/admin/**", "/actuator/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .authenticated())
        .formLogin(
            form ->
                form.loginPage("/login")
                    .successHandler(returnToSavedPage(savedPages))
                    .failureUrl("/login?error")
                    .permitAll())
        .logout(
            logout ->
                logout
                    .logoutUrl("/logout")
                    .logoutSuccessUrl("/login?logout")
                    .deleteCookies("BDPAAS_SESSION")
                    .invalidateHttpSession(true))
        .csrf(
            csrf ->
                // CSRF forges requests that ride on a browser's session cookie. Bearer-token
                // requests, and API requests that bring no session, carry no ambient credentials;
                // the token login takes credentials in its body.
                csrf.requireCsrfProtectionMatcher(
                        request ->
                            CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
                                && !bearer.matches(request)
                                && (!api.matches(request)
                                    || request.getRequestedSessionId() != null))
                    .ignoringRequestMatchers("/api/v1/auth/token")
                    // In a cookie, not the session: an anonymous visitor of the login page gets
                    // no server session, so anonymous page views cannot pile sessions up.
                    .csrfTokenRepository(csrfCookies(settings)))
        .requestCache(cache -> cache.requestCache(savedPages))
        .exceptionHandling(
            exceptions ->
                exceptions
                    .defaultAuthenticationEntryPointFor(apiEntryPoint(problems), apiProgram)
                    .defaultAuthenticationEntryPointFor(loginPage(), request -> true)
                    .defaultAccessDeniedHandlerFor(apiAccessDenied(problems), api)
                    .defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), request -> true))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                    .permissionsPolicyHeader(
                        permissions ->
                            permissions.policy("camera=(), microphone=(), geolocation=()")))
        .addFilterBefore(
            new ApiTokenAuthenticationFilter(tokens, problems),
            UsernamePasswordAuthenticationFilter.class)
        .addFilterAfter(new ActiveAccountFilter(users), SecurityContextHolderFilter.class)
        .addFilterAfter(loadCsrfCookieBeforeThePage(api), CsrfFilter.class)
        .addFilterBefore(
            new RequestBodyLimitFilter(settings.maxRequestBodyBytes(), uploads, objectMapper),
            SecurityContextHolderFilter.class)
        .addFilterBefore(
            new SignInThrottleFilter(
                new SignInThrottle(
                    settings.signInLimits().perAddressPerMinute(), Clock.systemUTC()),
                problems),
            RequestBodyLimitFilter.class)
        .addFilterBefore(
            new SlowBodyGuard(
                settings.httpLimits().maxConcurrentBodies(),
                Duration.ofSeconds(settings.httpLimits().bodyReadTimeoutSeconds()),
                settings.maxRequestBodyBytes(),
                uploads,
                objectMapper),
            RequestBodyLimitFilter.class);
    return http.build();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    // bcrypt today, behind a {id} prefix so hashes can move to a stronger algorithm later.
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  AuthenticationManager authenticationManager(
      AccountUserDetailsService userDetails,
      PasswordEncoder passwordEncoder,
      SignInAttempts attempts,
      ApplicationEventPublisher events) {
    DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetails);
    provider.setPasswordEncoder(passwordEncoder);
    ProviderManager manager = new ProviderManager(attempts.guarding(provider));
    // Failed and successful sign-ins become events, which SignInAttempts counts.
    manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
    manager.setEraseCredentialsAfterAuthentication(true);
    return manager;
  }

  @Bean
  WebMvcConfigurer callerArgumentConfigurer() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
      }
    };
  }

  /**
   * Redirects to the login page by path only: an absolute address would be built from the request's
   * Host header, which the client chooses.
   */
  private static LoginUrlAuthenticationEntryPoint loginPage() {
    LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
    entryPoint.setFavorRelativeUris(true);
    return entryPoint;
  }

  /**
   * After login, back to the page that asked for it, or to the projects. The saved page's address
   * was built from the Host header; only its path is used, so a forged Host cannot send the new
   * session elsewhere.
   */
  private static SavedRequestAwareAuthenticationSuccessHandler returnToSavedPage(
      RequestCache savedPages) {
    SavedRequestAwareAuthenticationSuccessHandler handler =
        new SavedRequestAwareAuthenticationSuccessHandler();
    handler.setRequestCache(savedPages);
    handler.setDefaultTargetUrl("/projects");
    handler.setRedirectStrategy(
        (request, response, url) -> {
          URI target = URI.create(url);
          String path =
              target.getRawPath() == null || target.getRawPath().isEmpty()
                  ? "/"
                  : target.getRawPath();
          String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
          response.sendRedirect(response.encodeRedirectURL(path + query));
        });
    return handler;
  }

  private static boolean asksForHtml(HttpServletRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
  }

  /**
   * Remembers the page to return to after login, for console pages only (the API is stateless), in
   * a cookie rather than a session, so that anonymous visits create no session.
   */
  private static RequestCache consolePagesOnly(RequestMatcher api) {
    CookieRequestCache cache = new CookieRequestCache();
    cache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !api.matches(request));
    return cache;
  }

  /**
   * A console page's forms need the CSRF cookie, which is only written when the token is first
   * used; load it before the page is rendered, while headers can still be set (a long page commits
   * its response before the form at its end asks for the token).
   */
  private static Filter loadCsrfCookieBeforeThePage(RequestMatcher api) {
    return (request, response, chain) -> {
      if (request instanceof HttpServletRequest http && !api.matches(http)) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
          token.getToken();
        }
      }
      chain.doFilter(request, response);
    };
  }

  private static CsrfTokenRepository csrfCookies(BdpaasSettings settings) {
    CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
    repository.setCookieCustomizer(
        cookie -> cookie.secure(settings.secureCookies()).httpOnly(true).sameSite("Lax"));
    return repository;
  }

  private static AuthenticationEntryPoint apiEntryPoint(ProblemWriter problems) {
    return (request, response, exception) ->
        problems.write(
            request,
            response,
            ErrorCode.UNAUTHENTICATED,
            "Sign in, or send an API token as 'Authorization: Bearer <token>'");
  }

  private static AccessDeniedHandler apiAccessDenied(ProblemWriter problems) {
    return (HttpServletRequest request,
        jakarta.servlet.http.HttpServletResponse response,
        AccessDeniedException exception) ->
        problems.write(
            request,
            response,
            ErrorCode.ACCESS_DENIED,
            exception.getMessage() != null && exception.getMessage().contains("CSRF")
                ? "Missing or invalid CSRF token"
                : "You do not have permission to do this");
  }
}
