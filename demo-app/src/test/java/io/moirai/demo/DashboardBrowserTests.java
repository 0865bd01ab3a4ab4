package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real browser (headless Chromium): the page loads, its charts fill from the
 * event stream, a load comparison started from the page shows all three executors (and an empty
 * field is named, not sent), an administrator's resize made through the page's login form shows
 * on the page and in the audit trail (a thousand workers as 32 rows and a count of the rest),
 * pause and resume work from the page and say when they change nothing, a user without the role
 * is refused on the page, and "Signed in." does not outstay its news.
 *
 * <p>Skipped, with the reason logged, where Chromium is not installed, unless
 * {@code MOIRAI_BROWSER_TESTS=required}; see {@link Chromium}. Each test leaves a screenshot in
 * {@code target/browser/}; the load comparison's is the README's picture.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moirai.parallelism=2")
class DashboardBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static Chromium chromium;

    @LocalServerPort
    private int port;

    private ChromeDriver page;

    private WebDriverWait until;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.startOrSkip();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openTheDashboard() {
        this.page = chromium.driver();
        this.until = new WebDriverWait(this.page, PATIENCE);
        this.page.get("http://localhost:" + this.port + "/");
        this.page.manage().deleteAllCookies(); // every test starts signed out
        this.page.navigate().refresh();
        this.until.until(ExpectedConditions.textToBe(By.id("tile-state"), "Running"));
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "browser"));
        Path shot = this.page.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, directory.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theChartsReceivePointsFromTheStream() {
        List<String> charts = List.of("chart-completed", "chart-active", "chart-latency", "chart-wait",
                "chart-permits", "chart-steals", "chart-rejected");
        long before = points("chart-completed");
        this.until.until(driver -> points("chart-completed") >= before + 2);
        for (String chart : charts) {
            assertThat(points(chart)).as(chart).isGreaterThanOrEqualTo(2);
        }
        assertThat(this.page.findElement(By.id("tile-parallelism")).getText()).isEqualTo("2");
        assertThat(this.page.findElements(By.cssSelector("#workers tr"))).hasSize(2);
    }

    @Test
    void theLoadComparisonStartedFromThePageShowsAllThreeExecutors() {
        signIn("user");
        new Select(this.page.findElement(By.id("load-workload"))).selectByValue("mixed");
        type("load-tasks", "400");
        type("load-millis", "5");
        this.page.findElement(By.id("load-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("load-message"), "Done."));

        // the page may redraw the table once more after "Done." (the last progress poll), so
        // read the rows whole, again if a redraw replaced them mid-read
        List<String> rows = new WebDriverWait(this.page, PATIENCE).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    List<String> seen = driver.findElements(By.cssSelector("#load-results tr")).stream()
                            .map(row -> row.getDomAttribute("data-executor") + " | " + row.getText()).toList();
                    return seen.size() == 3 && seen.stream().allMatch(row -> row.contains("440 of 440 in")) ? seen : null;
                });
        assertThat(rows).extracting(row -> row.substring(0, row.indexOf(" | ")))
                .containsExactly("boot-default", "boot-virtual", "moirai");
        assertThat(rows).allSatisfy(row -> assertThat(row).contains("440 of 440 in"));
        assertThat(this.page.findElement(By.id("load-extra-head")).getText()).isEqualTo("CPU tasks p50 / p99 ms");
        assertThat(this.page.findElement(By.id("load-explanation")).getText())
                .startsWith("Blocking burst next to CPU work (400 tasks, 5 ms each):");
        assertThat((Long) this.page.executeScript(
                "return Chart.getChart('chart-load-throughput').data.datasets[0].data.filter(v => v > 0).length"))
                .isEqualTo(3);
        this.until.until(driver -> points("chart-completed") > 0);
    }

    @Test
    void anAdminsResizeThroughTheLoginFormShowsOnThePageAndInTheAuditTrail() {
        signIn("admin");
        assertThat(this.page.findElement(By.id("signed-in-role")).getText()).isEqualTo("(administrator)");
        try {
            type("resize-parallelism", "3");
            this.page.findElement(By.id("resize-button")).click();
            this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"),
                    "Resized: 3 CPU workers"));
            this.until.until(ExpectedConditions.textToBe(By.id("tile-parallelism"), "3"));
            this.until.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tr"), 3));
            WebElement audited = this.until.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#audit tr[data-type='MOIRAI_RUNTIME_RECONFIGURED']")));
            assertThat(audited.getText()).contains("admin").contains("Moirai runtime reconfigured")
                    .contains("Parallelism: 3");
        } finally {
            type("resize-parallelism", "2");
            this.page.findElement(By.id("resize-button")).click();
            this.until.until(ExpectedConditions.textToBe(By.id("tile-parallelism"), "2"));
        }
    }

    @Test
    void anAdminPausesAndResumesFromThePage() {
        signIn("admin");
        this.page.findElement(By.id("pause-button")).click();
        try {
            this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"), "Paused:"));
            this.until.until(ExpectedConditions.textToBe(By.id("tile-state"), "Paused"));
            // a second pause changes nothing, and says so rather than "Paused:" again
            this.page.findElement(By.id("pause-button")).click();
            this.until.until(ExpectedConditions.textToBe(By.id("admin-message"),
                    "Already paused: nothing changed; no new task starts until resumed (state Paused)."));
        } finally {
            this.page.findElement(By.id("resume-button")).click();
        }
        this.until.until(ExpectedConditions.textToBe(By.id("admin-message"), "Resumed (state Running)."));
        this.until.until(ExpectedConditions.textToBe(By.id("tile-state"), "Running"));
        this.page.findElement(By.id("resume-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("admin-message"),
                "Not paused: nothing to resume (state Running)."));
        WebElement audited = this.until.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='audit']/tr[contains(., 'Operation: pause')]")));
        assertThat(audited.getText()).contains("admin");
    }

    @Test
    void aResizeByAUserWithoutTheAdminRoleIsRefusedOnThePage() {
        signIn("user");
        assertThat(this.page.findElement(By.id("signed-in-role")).getText()).isEqualTo("(no admin role)");
        type("resize-parallelism", "3");
        this.page.findElement(By.id("resize-button")).click();

        this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"), "Refused"));
        assertThat(this.page.findElement(By.id("admin-message")).getText()).contains("ADMIN role").contains("403");
        assertThat(this.page.findElement(By.id("audit-note")).getText())
                .isEqualTo("Only administrators see the audit trail.");
        assertThat(this.page.findElements(By.cssSelector("#audit tr"))).isEmpty();
        long later = points("chart-completed") + 2;
        this.until.until(driver -> points("chart-completed") >= later);
        assertThat(this.page.findElement(By.id("tile-parallelism")).getText()).isEqualTo("2");
    }

    @Test
    void aLoadFieldLeftEmptyIsNamedOnThePageAndNotSent() {
        signIn("user");
        recordRequests();
        clear("load-tasks");
        this.page.findElement(By.id("load-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("load-message"),
                "Not sent: Tasks is empty; enter a whole number between 1 and 20,000."));
        assertThat(this.page.findElement(By.id("load-tasks")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(this.page.switchTo().activeElement().getDomAttribute("id")).isEqualTo("load-tasks");

        type("load-tasks", "50");
        clear("load-millis");
        this.page.findElement(By.id("load-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("load-message"),
                "Not sent: Wait per task is empty; enter a whole number between 0 and 1,000."));
        assertThat(this.page.findElement(By.id("load-tasks")).getDomAttribute("aria-invalid")).isEqualTo("false");
        assertThat(requestsSent()).noneMatch(path -> path.startsWith("/api/load"));
    }

    /**
     * A resize field out of range is named on the page, as a load field is; the browser's own
     * check stopped the form before, with a bubble and no word on the page, so a result from
     * before still stood next to the buttons.
     */
    @Test
    void aResizeFieldOutOfRangeIsNamedOnThePageAndNotSent() {
        signIn("admin");
        recordRequests();
        type("resize-parallelism", "0");
        this.page.findElement(By.id("resize-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("admin-message"),
                "Not sent: CPU workers must be a whole number between 1 and 32,767, was 0."));
        assertThat(this.page.findElement(By.id("resize-parallelism")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(this.page.switchTo().activeElement().getDomAttribute("id")).isEqualTo("resize-parallelism");
        assertThat(requestsSent()).noneMatch(path -> path.startsWith("/actuator/moirai"));
    }

    @Test
    void aThousandWorkersAreSummedUpRatherThanListedOneByOne() {
        signIn("admin");
        try {
            type("resize-parallelism", "1000");
            this.page.findElement(By.id("resize-button")).click();
            this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"),
                    "Resized: 1,000 CPU workers"));
            this.until.until(ExpectedConditions.textToBe(By.id("tile-parallelism"), "1000"));
            this.until.until(ExpectedConditions.textToBe(By.id("workers-more"),
                    "… and 968 more workers (the table lists the 32 busiest)."));
            assertThat(this.page.findElements(By.cssSelector("#workers tr"))).hasSize(32);
        } finally {
            new DemoHttp(this.port).post("/actuator/moirai", "admin", "{\"parallelism\": 2}");
        }
        // the retiring workers leave the pool, and the summary goes with them
        this.until.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tr"), 2));
        this.until.until(ExpectedConditions.invisibilityOfElementLocated(By.id("workers-more")));
    }

    /**
     * "Signed in." goes, by itself after a few seconds or at once at the next action; a refusal
     * the user still needs stays.
     */
    @Test
    void theSignedInConfirmationGoesAwayButARefusalStays() {
        signIn("user");
        this.until.until(ExpectedConditions.textToBe(By.id("login-message"), "Signed in."));
        this.page.findElement(By.id("pause-button")).click();
        this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"), "Refused"));
        assertThat(this.page.findElement(By.id("login-message")).getText()).isEmpty();
        // longer than a confirmation stays
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).until(
                () -> this.page.findElement(By.id("admin-message")).getText().contains("ADMIN role"));

        this.page.findElement(By.id("logout-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("login-message"), "Signed out."));
        this.until.until(ExpectedConditions.textToBe(By.id("login-message"), ""));
        type("login-user", "user");
        type("login-password", "not-the-password");
        this.page.findElement(By.id("login-button")).click();
        this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-message"),
                "Sign-in failed"));
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).until(
                () -> this.page.findElement(By.id("login-message")).getText().startsWith("Sign-in failed"));
    }

    @Test
    void aWrongPasswordIsRefusedByTheLoginForm() {
        type("login-user", "admin");
        type("login-password", "not-the-password");
        this.page.findElement(By.id("login-button")).click();
        this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-message"),
                "Sign-in failed"));
        assertThat(this.page.findElement(By.id("signed-in")).isDisplayed()).isFalse();
    }

    @Test
    void aSessionThatEndedInAnotherTabIsSaidSoNotBlamedOnAMissingRole() {
        signIn("admin");
        String dashboard = this.page.getWindowHandle();
        this.page.switchTo().newWindow(WindowType.TAB).get("http://localhost:" + this.port + "/");
        this.until.until(ExpectedConditions.textToBe(By.id("signed-in-user"), "admin"));
        this.page.findElement(By.id("logout-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("login-message"), "Signed out."));
        this.page.close();
        this.page.switchTo().window(dashboard);

        this.page.findElement(By.id("pause-button")).click();
        this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"), "Refused"));
        // the page may have noticed by itself, when the tab was shown again and its stream reopened
        assertThat(this.page.findElement(By.id("admin-message")).getText()).doesNotContain("ADMIN role")
                .containsAnyOf("session as admin has ended", "sign in first");
        this.until.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(this.page.findElement(By.id("tile-state")).getText()).isEqualTo("Running");
    }

    /**
     * Signing in or out in another tab or window starts a new session, with a new CSRF token: this
     * page's sign-in and sign-out still work. Before, a correct password read as "wrong user name
     * or password", and a sign-out said "Signed out." while the user stayed signed in.
     */
    @Test
    void signingInAndOutWorksAfterAnotherTabSignedIn() {
        signInElsewhere("user");
        signIn("admin");
        assertThat(this.page.findElement(By.id("login-message")).getText()).isEqualTo("Signed in.");

        signInElsewhere("admin");
        this.page.findElement(By.id("logout-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("login-message"), "Signed out."));
        this.until.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(this.page.findElement(By.id("signed-in")).isDisplayed()).isFalse();
    }

    @Test
    void aResizeOfOneSizeLeavesTheOtherAsAnotherAdministratorSetIt() {
        DemoHttp http = new DemoHttp(this.port);
        signIn("admin");
        try {
            http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 64}");
            this.until.until(ExpectedConditions.textToBe(By.id("tile-permits"), "0 of 64"));
            this.until.until(driver -> "64".equals(driver.findElement(By.id("resize-blocking")).getDomProperty("value")));
            type("resize-parallelism", "3");
            this.page.findElement(By.id("resize-button")).click();
            this.until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"),
                    "Resized: 3 CPU workers, 64 blocking permits"));
            // the change made elsewhere is audited, and the page's trail shows it without being asked
            this.until.until(ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//tbody[@id='audit']/tr[contains(., 'Blocking concurrency: 64')]")));
        } finally {
            http.post("/actuator/moirai", "admin", "{\"parallelism\": 2, \"blockingConcurrency\": 256}");
        }
        this.until.until(ExpectedConditions.textToBe(By.id("tile-permits"), "0 of 256"));
    }

    @Test
    void theAuditTrailKeepsMoiraisEventsAfterManyScriptedCalls() {
        DemoHttp http = new DemoHttp(this.port);
        http.post("/actuator/moirai/pause", "admin", "");
        http.post("/actuator/moirai/resume", "admin", "");
        for (int i = 0; i < 25; i++) {
            http.get("/api/rates", "user"); // each HTTP Basic call is audited as AUTHENTICATION_SUCCESS
        }
        signIn("admin");
        this.until.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='audit']/tr[contains(., 'Operation: resume')]")));
        assertThat(this.page.findElements(By.cssSelector("#audit tr")))
                .allSatisfy(row -> assertThat(row.getDomAttribute("data-type")).startsWith("MOIRAI_"));
    }

    @Test
    void aFinishedComparisonStaysStillSoItsFiguresCanBeSelected() {
        new DemoHttp(this.port).post("/api/load?workload=io&tasks=50&millis=1", "user", "");
        new WebDriverWait(this.page, PATIENCE).ignoring(StaleElementReferenceException.class).until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#load-results tr"));
            return rows.size() == 3 && rows.stream().allMatch(row -> row.getText().contains("50 of 50 in"));
        });
        long settled = points("chart-completed") + 2;
        this.until.until(driver -> points("chart-completed") >= settled);
        WebElement first = this.page.findElement(By.cssSelector("#load-results tr"));
        long later = points("chart-completed") + 3;
        this.until.until(driver -> points("chart-completed") >= later);
        // still the same row: a redraw every second would lose the reader's selection and tooltips
        assertThat(first.getDomAttribute("data-executor")).isEqualTo("boot-default");
    }

    @Test
    void aPhoneWideWindowNeedsNoSidewaysScrolling() {
        Dimension size = this.page.manage().window().getSize();
        try {
            this.page.manage().window().setSize(new Dimension(390, 844));
            this.until.until(driver -> (Long) this.page.executeScript("return window.innerWidth") <= 400);
            long scrollWidth = (Long) this.page.executeScript("return document.documentElement.scrollWidth");
            long clientWidth = (Long) this.page.executeScript("return document.documentElement.clientWidth");
            assertThat(scrollWidth).isLessThanOrEqualTo(clientWidth);
        } finally {
            this.page.manage().window().setSize(size);
        }
    }

    /** Signs in through the page's form; the demo users' passwords equal their names. */
    private void signIn(String user) {
        type("login-user", user);
        type("login-password", user);
        this.page.findElement(By.id("login-button")).click();
        this.until.until(ExpectedConditions.textToBe(By.id("signed-in-user"), user));
    }

    /**
     * Signs out and in again as another tab of this browser would (same cookies, a new session),
     * leaving this page with the old session's CSRF token.
     */
    private void signInElsewhere(String user) {
        this.page.executeAsyncScript("""
                const [user, done] = arguments;
                const token = async () => (await (await fetch("/api/me")).json()).csrfToken;
                (async () => {
                  await fetch("/logout", { method: "POST", headers: { "X-CSRF-TOKEN": await token() } });
                  await fetch("/login", { method: "POST", headers: { "X-CSRF-TOKEN": await token() },
                    body: new URLSearchParams({ username: user, password: user }) });
                  done();
                })();""", user);
    }

    /**
     * Replaces a field's value. Focus first, then select all and type over it: the page refills
     * an empty resize field that has no focus from the next live sample, so clear() followed by
     * typing could leave the sample's digits in front of the typed ones ("23" for "3").
     */
    private void type(String id, String text) {
        WebElement input = this.page.findElement(By.id(id));
        this.until.until(driver -> {
            input.click();
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
            return text.equals(input.getDomProperty("value"));
        });
    }

    /** Empties a field as a user does: select what it holds and delete it. */
    private void clear(String id) {
        WebElement input = this.page.findElement(By.id(id));
        this.until.until(driver -> {
            input.click();
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            return "".equals(input.getDomProperty("value"));
        });
    }

    /** From now on, the page notes the path of every request it makes (see {@link #requestsSent()}). */
    private void recordRequests() {
        this.page.executeScript("""
                window.requestsSent = [];
                const send = window.fetch;
                window.fetch = (resource, options) => {
                  window.requestsSent.push(String(resource));
                  return send(resource, options);
                };""");
    }

    @SuppressWarnings("unchecked")
    private List<String> requestsSent() {
        return (List<String>) this.page.executeScript("return window.requestsSent");
    }

    private long points(String chart) {
        return (Long) this.page.executeScript("return Chart.getChart(arguments[0]).data.labels.length", chart);
    }
}
