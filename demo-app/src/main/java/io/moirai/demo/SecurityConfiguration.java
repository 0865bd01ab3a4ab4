package io.moirai.demo;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo's own security: two users, HTTP Basic (so curl and scripts get 401, not a login
 * page), no sessions.
 *
 * <ul>
 *   <li>{@code /}, its script, {@code /api/rates} and {@code /actuator/health} are open to anyone;</li>
 *   <li>{@code /actuator/moirai} is open at this level: the endpoint checks its callers itself
 *       (anyone may read; a write needs a principal, else 401, with role ADMIN, else 403), which
 *       is what the starter guarantees under any filter chain;</li>
 *   <li>the other Actuator endpoints ({@code metrics}, {@code auditevents}) need role ADMIN;</li>
 *   <li>everything else ({@code /api/**}) needs a signed-in user.</li>
 * </ul>
 *
 * CSRF protection is off for {@code /actuator/**} and {@code /api/**}: both take HTTP Basic
 * credentials on each request and keep no session cookie a forged request could ride on.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/", "/index.html", "/app.js", "/favicon.ico", "/error", "/api/rates").permitAll()
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                .requestMatchers(EndpointRequest.to("moirai")).permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
                .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint())
                        .ignoringRequestMatchers("/api/**"));
        return http.build();
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
