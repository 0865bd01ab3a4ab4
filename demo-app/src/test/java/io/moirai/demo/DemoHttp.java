package io.moirai.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the demo's tests: plain JDK, HTTP Basic, JSON bodies. */
final class DemoHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    DemoHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    Response get(String path, @Nullable String user) {
        return send(request(path, user).GET());
    }

    /** As {@link #get(String, String)}, with a password of the caller's choosing. */
    Response get(String path, String user, String password) {
        return send(request(path, user, password).GET());
    }

    Response post(String path, @Nullable String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The demo users' passwords equal their names, as the README says. */
    private HttpRequest.Builder request(String path, @Nullable String user) {
        return request(path, user, user);
    }

    private HttpRequest.Builder request(String path, @Nullable String user, @Nullable String password) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60));
        if (user != null) {
            String credentials = user + ":" + password;
            builder.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    record Response(int status, String body, HttpHeaders headers) {

        JsonNode json() {
            return JSON.readTree(this.body);
        }

        @Nullable String header(String name) {
            return this.headers.firstValue(name).orElse(null);
        }

        @Nullable String authenticate() {
            return header("WWW-Authenticate");
        }
    }
}
