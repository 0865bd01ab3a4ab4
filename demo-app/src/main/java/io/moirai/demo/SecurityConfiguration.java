package io.moirai.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Set;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's own security: two users, who sign in with HTTP Basic from curl and scripts, or
 * through the login form of the dashboard at {@code /}, which keeps them in a session.
 *
 * <ul>
 *   <li>{@code /}, its scripts and styles, the chart library, the dashboard's stream
 *       ({@code /api/stream}), who is signed in ({@code /api/me}), {@code /api/rates} and
 *       {@code /actuator/health} are open to anyone;</li>
 *   <li>{@code /actuator/moirai} is open at this level: the endpoint checks its callers itself
 *       (anyone may read; a write needs a principal, else 401, with role ADMIN, else 403), which
 *       is what the starter guarantees under any filter chain;</li>
 *   <li>the other Actuator endpoints ({@code metrics}, {@code auditevents}) need role ADMIN;</li>
 *   <li>everything else ({@code /api/**}) needs a signed-in user. Without one, a script gets 401
 *       with a Basic challenge; the page's own requests (marked {@code X-Requested-With}) get 401
 *       without one, so the browser shows no password dialog of its own.</li>
 * </ul>
 *
 * <p>The chain's refusals (401 without a principal or with a wrong password, 403 without the
 * role or the session's CSRF token) are problem details, as the API's other errors are
 * ({@link ApiProblems}). The {@code moirai} endpoint's own 401 and 403 are Actuator's.
 *
 * <p>CSRF protection covers exactly the requests a forged page could make in a user's name: the
 * writes that would ride on the session cookie, and the login form itself. A request with an
 * {@code Authorization} header carries its credentials itself, and one with no session has
 * nothing to ride on, so neither needs a token; curl works as before.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http, JsonMapper json) throws Exception {
        AuthenticationEntryPoint signInFirst = signInFirst(json);
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/", "/index.html", "/dashboard.js", "/dashboard.css", "/webjars/**", "/favicon.ico",
                        "/error", "/api/rates", "/api/stream", "/api/me")
                .permitAll()
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                .requestMatchers(EndpointRequest.to("moirai")).permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
                .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(signInFirst))
                .formLogin(form -> form.loginPage("/").loginProcessingUrl("/login")
                        .successHandler((request, response, authentication) -> response.setStatus(
                                HttpServletResponse.SC_NO_CONTENT))
                        .failureHandler((request, response, exception) -> problem(json, request, response,
                                HttpStatus.UNAUTHORIZED, "wrong user name or password")))
                .logout(logout -> logout.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler()))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(signInFirst)
                        .accessDeniedHandler((request, response, ex) -> problem(json, request, response,
                                HttpStatus.FORBIDDEN, ex instanceof CsrfException
                                        ? "this write rides on a session and needs the session's CSRF token, which"
                                                + " GET /api/me gives with the header to send it in; scripts sign in"
                                                + " with HTTP Basic instead"
                                        : "signed in as " + name(request) + ", without the role this needs")))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(sessionWritesAndLogin()));
        return http.build();
    }

    /**
     * Without a principal, or with a wrong password sent over HTTP Basic (which the Basic filter
     * answers with its own entry point unless given this one): 401 with a problem body. A script
     * gets a Basic challenge; the page's own requests, marked {@code X-Requested-With}, none, so
     * the browser shows no password dialog of its own.
     */
    private static AuthenticationEntryPoint signInFirst(JsonMapper json) {
        return (request, response, ex) -> {
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Moirai demo\"");
            }
            problem(json, request, response, HttpStatus.UNAUTHORIZED, ex instanceof BadCredentialsException
                    ? "wrong user name or password"
                    : "sign in first, with HTTP Basic or the dashboard's sign-in form");
        };
    }

    private static RequestMatcher sessionWritesAndLogin() {
        RequestMatcher login = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
        return request -> login.matches(request) || ridesOnTheSession(request);
    }

    private static boolean ridesOnTheSession(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null;
    }

    /** Writes a problem as the API's own are written (Boot's mapper knows the problem's form). */
    private static void problem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
            HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        json.writeValue(response.getWriter(), problem);
    }

    private static String name(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null ? principal.getName() : "nobody";
    }

    /**
     * The demo users. Their passwords are in the README; {@code {noop}} stores them as given,
     * which only a demo may do.
     *
     * @return the users
     */
    @Bean
    UserDetailsService demoUsers() {
        return new InMemoryUserDetailsManager(
                User.withUsername("user").password("{noop}user").roles("USER").build(),
                User.withUsername("admin").password("{noop}admin").roles("USER", "ADMIN").build());
    }
}
