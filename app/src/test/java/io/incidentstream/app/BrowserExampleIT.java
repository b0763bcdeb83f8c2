package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import io.incidentstream.streaming.security.internal.SigningSecret;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Runs the README's browser example, exactly as written there, in a real headless Chromium against
 * the server with the demo generator on. Needs Debian's {@code chromium} and {@code
 * chromium-driver}: skipped without them, except under {@code CI=true}, where it fails.
 */
@MicronautTest
@Property(name = "stream.demo.enabled", value = "true")
@Property(name = "stream.demo.events-per-second", value = "50")
class BrowserExampleIT {

  private static final Pattern HTML_BLOCK =
      Pattern.compile("### From the browser.*?```html\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EVENT_LINE =
      Pattern.compile("#\\d+ (Low|Normal|High|Critical) [a-z_]+ ops-view");

  @Inject EmbeddedServer server;
  @Inject SigningSecret secret;

  @Inject
  @Client("/")
  HttpClient client;

  @TempDir Path dir;

  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() {
    browser = HeadlessChromium.start(dir.resolve("profile"));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void shouldServeTheReadmeBrowserExampleVerbatim() throws IOException {
    String served = client.toBlocking().retrieve("/example/stream.html");

    assertThat(served).isEqualTo(readmeExample());
  }

  @Test
  void shouldShowDemoEventsWithTheReadmeBrowserExample() {
    String viewer =
        new TokenMinter(secret.secret().orElseThrow())
            .mint("browser", Set.of(Role.VIEWER), List.of("*"), Duration.ofMinutes(10));
    browser.get("http://localhost:" + server.getPort() + "/example/stream.html#token=" + viewer);

    List<WebElement> items =
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .withMessage(() -> "page never showed 5 events: " + diagnostics())
            .until(
                driver -> {
                  List<WebElement> found = driver.findElements(By.cssSelector("#events li"));
                  return found.size() >= 5 ? found : null;
                });
    assertThat(items).allSatisfy(item -> assertThat(item.getText()).matches(EVENT_LINE));
  }

  private String diagnostics() {
    Object state =
        browser.executeScript("return typeof ws === 'undefined' ? 'no socket' : ws.readyState");
    return "socket readyState "
        + state
        + ", console "
        + browser.manage().logs().get(LogType.BROWSER).getAll()
        + ", page "
        + browser.getPageSource();
  }

  private static String readmeExample() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = HTML_BLOCK.matcher(readme);
    assertThat(block.find()).as("README has an html block under 'From the browser'").isTrue();
    return block.group(1);
  }
}
