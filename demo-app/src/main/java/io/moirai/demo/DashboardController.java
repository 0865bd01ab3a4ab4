package io.moirai.demo;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What the dashboard page at {@code /} reads besides Actuator: the live stream, and who is
 * signed in together with the CSRF token the page's writes must carry.
 */
@RestController
@RequestMapping("/api")
class DashboardController {

    private final DashboardFeed feed;

    DashboardController(DashboardFeed feed) {
        this.feed = feed;
    }

    /** The server-sent-events stream of samples and load-comparison progress; open to anyone, as the snapshot is. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        return this.feed.subscribe();
    }

    /**
     * The signed-in user (none before the page's login form is used) and the CSRF token that the
     * page sends with its writes, since the page's session cookie is what a forged request would
     * ride on.
     */
    @GetMapping("/me")
    Map<String, Object> me(@Nullable Principal principal, CsrfToken csrf) {
        boolean admin = principal instanceof Authentication authentication && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch("ROLE_ADMIN"::equals);
        return Map.of("user", principal != null ? principal.getName() : "", "admin", admin, "csrfHeader",
                csrf.getHeaderName(), "csrfToken", csrf.getToken());
    }
}
