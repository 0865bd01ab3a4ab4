package io.moirai.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Chromium for the dashboard's browser test, driven through its driver.
 *
 * <p>The browser and its driver are found at Debian's locations ({@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, from the {@code chromium} and {@code chromium-driver} packages)
 * unless the system properties {@code moirai.chromium} / {@code moirai.chromedriver} or the
 * environment variables {@code MOIRAI_CHROMIUM} / {@code MOIRAI_CHROMEDRIVER} say otherwise.
 * When either is missing the test is skipped with the reason logged, so that the build passes on
 * a machine without a browser, unless {@code MOIRAI_BROWSER_TESTS=required} (as CI sets it), in
 * which case the test fails instead.
 */
final class Chromium implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Chromium.class);

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts a headless Chromium with a fresh profile, or skips (or fails) the test as the class
     * comment says.
     *
     * @return the browser
     * @throws IOException if the profile directory cannot be made
     */
    static Chromium startOrSkip() throws IOException {
        File browser = new File(setting("moirai.chromium", "MOIRAI_CHROMIUM", "/usr/bin/chromium"));
        File driverExecutable = new File(setting("moirai.chromedriver", "MOIRAI_CHROMEDRIVER", "/usr/bin/chromedriver"));
        String missing = !browser.canExecute() ? "Chromium (" + browser + ")"
                : !driverExecutable.canExecute() ? "its driver (" + driverExecutable + ")" : null;
        if (missing != null) {
            String reason = "The dashboard's browser test needs " + missing
                    + ": install the chromium and chromium-driver packages, or point moirai.chromium and"
                    + " moirai.chromedriver (or MOIRAI_CHROMIUM and MOIRAI_CHROMEDRIVER) at them";
            if ("required".equalsIgnoreCase(System.getenv("MOIRAI_BROWSER_TESTS"))) {
                throw new IllegalStateException(reason + " (MOIRAI_BROWSER_TESTS=required)");
            }
            logger.warn("Skipping: {}", reason);
            Assumptions.abort(reason);
        }
        Path profile = Files.createTempDirectory("moirai-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; the rest keep a
        // headless run quiet and self-contained (no updates, sync or first-run screens, /tmp for shared memory)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,2300");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverExecutable)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile);
    }

    private static String setting(String property, String variable, String fallback) {
        @Nullable String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    ChromeDriver driver() {
        return this.driver;
    }

    @Override
    public void close() throws IOException {
        try {
            this.driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(this.profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
