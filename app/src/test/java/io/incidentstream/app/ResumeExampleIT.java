package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Runs the README's reconnecting browser example, exactly as written there, in a real headless
 * Chromium through server restarts; the page reconnects and resumes through the JavaScript client
 * the server serves at {@code /client/incident-stream.js}. An embedded server restarts as a new
 * epoch, so the page is told {@code recovered:false} and starts over; a clustered instance restarts
 * in the same epoch (Redis keeps the history), so the page resumes without a gap: its events are
 * exactly those the history holds for its filters. Needs Debian's {@code chromium} and {@code
 * chromium-driver}: skipped without them, except under {@code CI=true}, where it fails.
 */
class ResumeExampleIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Pattern HTML_BLOCK =
      Pattern.compile("### Reconnecting from the browser.*?```html\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EVENT_LINE =
      Pattern.compile("#(\\d+) (Low|Normal|High|Critical) [a-z_]+");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PAGE = "/example/resume.html";
  private static final String SECRET = "resume-example-test-secret-0123456789abcdef";

  @TempDir Path dir;

  private ChromeDriver browser;
  private EmbeddedServer server;

  @BeforeEach
  void startBrowser() {
    browser = HeadlessChromium.start(dir.resolve("profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.getApplicationContext().close();
    }
  }

  @Test
  void shouldServeTheReadmeResumeExampleVerbatim() throws Exception {
    server = start(0);
    HttpResponse<String> served =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url(server.getPort()))).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(served.body()).isEqualTo(readmeExample());
  }

  @Test
  void shouldResumeThroughAServerRestartAndFollowTheNewEpoch() {
    int port = FreePort.next();
    server = start(port);
    String firstEpoch = server.getApplicationContext().getBean(StreamEpoch.class).current();
    String viewer =
        new TokenMinter(SECRET)
            .mint("browser", Set.of(Role.VIEWER), List.of("*"), Duration.ofMinutes(10));
    browser.get(url(port) + "#token=" + viewer);
    awaitLiveWithEvents(firstEpoch);

    server.getApplicationContext().close();
    new WebDriverWait(browser, WAIT)
        .withMessage(() -> "page never noticed the server had gone: " + diagnostics())
        .until(driver -> text("status").startsWith("reconnecting"));
    server = start(port);
    String secondEpoch = server.getApplicationContext().getBean(StreamEpoch.class).current();

    assertThat(secondEpoch).isNotEqualTo(firstEpoch);
    List<String> items = awaitLiveWithEvents(secondEpoch);
    assertThat(text("notice"))
        .as("the resume named the old epoch, so the server answered recovered:false")
        .isEqualTo("(not recovered: restarted in epoch " + secondEpoch + ")");
    assertThat(items).allSatisfy(item -> assertThat(item).matches(EVENT_LINE));
  }

  @Test
  void shouldResumeWithoutAGapWhenItsClusteredServerRestarts() {
    try (ClusteredStream cluster = new ClusteredStream(REDIS.uri())) {
      int port = FreePort.next();
      EmbeddedServer pageServer = cluster.start(port);
      EmbeddedServer publisher = cluster.start(0);
      String epoch = pageServer.getApplicationContext().getBean(StreamEpoch.class).current();
      browser.get(url(port) + "#token=" + cluster.viewerToken());
      awaitSubscribed(pageServer, epoch);

      cluster.publish(publisher, 20);
      awaitShown(cluster.expectedSeqs(publisher));
      cluster.stop(pageServer);
      new WebDriverWait(browser, WAIT)
          .withMessage(() -> "page never noticed the server had gone: " + diagnostics())
          .until(driver -> text("status").startsWith("reconnecting"));
      cluster.publish(publisher, 20);
      cluster.start(port);
      cluster.publish(publisher, 20);

      List<Long> expected = cluster.expectedSeqs(publisher);
      assertThat(expected).hasSize(45);
      assertThat(awaitShown(expected))
          .as("every event of the history the filters select, once, in seq order")
          .isEqualTo(expected);
      assertThat(text("notice")).as("resumed in the same epoch: recovered").isEmpty();
      assertThat(text("epoch")).isEqualTo(epoch);
    }
  }

  /** Waits until the page is connected in {@code epoch} and the server holds its subscription. */
  private void awaitSubscribed(EmbeddedServer server, String epoch) {
    MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
    new WebDriverWait(browser, WAIT)
        .withMessage(() -> "page never subscribed: " + diagnostics())
        .until(
            driver ->
                text("status").equals("connected")
                    && text("epoch").equals(epoch)
                    && meters.get(MetricNames.ACTIVE_SUBSCRIPTIONS).gauge().value() == 1);
  }

  /** The seqs the page lists, oldest first, once it shows the last of {@code expected}. */
  private List<Long> awaitShown(List<Long> expected) {
    long last = expected.get(expected.size() - 1);
    return new WebDriverWait(browser, WAIT)
        .withMessage(() -> "page never showed seq " + last + ": " + diagnostics())
        .ignoring(StaleElementReferenceException.class)
        .until(
            driver -> {
              List<Long> shown = shownSeqs();
              return !shown.isEmpty() && shown.get(shown.size() - 1) == last ? shown : null;
            });
  }

  private List<Long> shownSeqs() {
    List<Long> seqs = new ArrayList<>();
    for (WebElement item : browser.findElements(By.cssSelector("#events li"))) {
      Matcher line = EVENT_LINE.matcher(item.getText());
      assertThat(line.matches()).as("event line %s", item.getText()).isTrue();
      seqs.add(Long.parseLong(line.group(1)));
    }
    Collections.reverse(seqs);
    return seqs;
  }

  /**
   * The texts of the listed events, once the page is connected in {@code epoch} with at least 3.
   */
  private List<String> awaitLiveWithEvents(String epoch) {
    return new WebDriverWait(browser, WAIT)
        .withMessage(() -> "page never showed 3 events of epoch " + epoch + ": " + diagnostics())
        .ignoring(StaleElementReferenceException.class)
        .until(
            driver -> {
              boolean live = text("status").equals("connected") && text("epoch").equals(epoch);
              List<String> found =
                  driver.findElements(By.cssSelector("#events li")).stream()
                      .map(WebElement::getText)
                      .toList();
              return live && found.size() >= 3 ? found : null;
            });
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static EmbeddedServer start(int port) {
    return ApplicationContext.run(
        EmbeddedServer.class,
        Map.of(
            "micronaut.server.port",
            port,
            // Fixed, so that the page's token stays valid across the restart.
            "stream.security.jwt-secret",
            SECRET,
            "stream.demo.enabled",
            true,
            "stream.demo.events-per-second",
            50));
  }

  private static String url(int port) {
    return "http://localhost:" + port + PAGE;
  }

  private String diagnostics() {
    return "console "
        + browser.manage().logs().get(LogType.BROWSER).getAll()
        + ", page "
        + browser.getPageSource();
  }

  private static String readmeExample() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = HTML_BLOCK.matcher(readme);
    assertThat(block.find())
        .as("README has an html block under 'Reconnecting from the browser'")
        .isTrue();
    return block.group(1);
  }
}
