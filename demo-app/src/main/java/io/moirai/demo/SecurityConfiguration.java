package io.moirai.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

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
 * <p>CSRF protection covers exactly the requests a forged page could make in a user's name: the
 * writes that would ride on the session cookie, and the login form itself. A request with an
 * {@code Authorization} header carries its credentials itself, and one with no session has
 * nothing to ride on, so neither needs a token; curl works as before.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/", "/index.html", "/dashboard.js", "/dashboard.css", "/webjars/**", "/favicon.ico",
                        "/error", "/api/rates", "/api/stream", "/api/me")
                .permitAll()
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                .requestMatchers(EndpointRequest.to("moirai")).permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
                .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .formLogin(form -> form.loginPage("/").loginProcessingUrl("/login")
                        .successHandler((request, response, authentication) -> response.setStatus(
                                HttpServletResponse.SC_NO_CONTENT))
                        .failureHandler((request, response, exception) -> json(response,
                                HttpServletResponse.SC_UNAUTHORIZED, "wrong user name or password")))
                .logout(logout -> logout.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler()))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, ex) -> {
                    if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Moirai demo\"");
                    }
                    json(response, HttpServletResponse.SC_UNAUTHORIZED, "sign in first");
                }))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(sessionWritesAndLogin()));
        return http.build();
    }

    private static RequestMatcher sessionWritesAndLogin() {
        RequestMatcher login = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
        return request -> login.matches(request) || ridesOnTheSession(request);
    }

    private static boolean ridesOnTheSession(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null;
    }

    private static void json(HttpServletResponse response, int status, String error) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\": \"" + error + "\"}");
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
