package io.incidentstream.conformance;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.ws.SessionProtocol;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The server the Autobahn fuzzing client tests: the production server (every bean production boots,
 * application.yml, the {@code /ws} transport with its frame handler, limits and close handshake) in
 * environment {@value #ENVIRONMENT}, where {@link EchoProtocol} speaks on {@code /ws} instead of
 * the stream protocol. The Autobahn Maven plugin calls {@link #main} with the port, in a thread of
 * Maven's own JVM, and interrupts that thread when the run is over; the server then stops.
 *
 * <p>Micronaut, Netty and the server's logging (logback, {@code logback-test.xml}: warnings and
 * errors) live in a class loader of their own, apart from Maven's. It writes {@value #FACTS} beside
 * its classes: when it started, where the plugin's reports go, and the settings the run had, for
 * {@link AutobahnReportIT}.
 */
public final class AutobahnServer {

  /** The Micronaut environment of the run; {@link EchoProtocol} exists only in it. */
  public static final String ENVIRONMENT = "autobahn";

  /** The facts file, in the module's {@code target}. */
  static final String FACTS = "autobahn-server.properties";

  private AutobahnServer() {}

  /**
   * Runs the server in a class loader of its own, over the same class path: the plugin's loader
   * would hand it Maven's own SLF4J (1.x), which the server's code does not run on.
   */
  public static void main(String[] args) throws Exception {
    URL[] classPath = ((URLClassLoader) AutobahnServer.class.getClassLoader()).getURLs();
    Thread thread = Thread.currentThread();
    ClassLoader caller = thread.getContextClassLoader();
    try (URLClassLoader isolated =
        new URLClassLoader("autobahn-server", classPath, ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(isolated);
      isolated
          .loadClass(AutobahnServer.class.getName())
          .getMethod("run", String.class)
          .invoke(null, args[0]);
    } finally {
      thread.setContextClassLoader(caller);
    }
  }

  /** Starts the server on {@code port} and runs it until the calling thread is interrupted. */
  public static void run(String port) throws IOException {
    long startedAt = System.currentTimeMillis();
    // As every test JVM of the build runs (root pom): a leaked buffer is logged with "LEAK:",
    // which CI fails on. Set before the server allocates its first buffer.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    // The plugin dials the address of the local host name: listen there, on its port.
    String host = InetAddress.getLocalHost().getHostAddress();
    // Not Micronaut.start(): its JVM shutdown hook stops the server too, and when Maven exits
    // while this thread is still closing the context the two deadlock (context lock, then the
    // server's; the server's, then the context lock), and Maven's JVM never exits.
    ApplicationContext context =
        ApplicationContext.builder()
            .classLoader(AutobahnServer.class.getClassLoader())
            .deduceEnvironment(false)
            .environments(ENVIRONMENT)
            .properties(Map.of("micronaut.server.host", host, "micronaut.server.port", port))
            .start();
    try {
      context.getBean(EmbeddedServer.class).start();
      writeFacts(context, startedAt);
      new CountDownLatch(1).await();
    } catch (InterruptedException runOver) {
      Thread.currentThread().interrupt();
    } finally {
      context.close();
    }
  }

  private static void writeFacts(ApplicationContext context, long startedAt) throws IOException {
    StreamConfiguration config = context.getBean(StreamConfiguration.class);
    Properties facts = new Properties();
    facts.setProperty("startedAt", Long.toString(startedAt));
    facts.setProperty(
        "reports",
        Paths.get(System.getProperty("user.dir"), "target", "autobahntestsuite-reports")
            .toAbsolutePath()
            .toString());
    facts.setProperty("maxMessageSize", Integer.toString(config.maxMessageSize()));
    facts.setProperty("compression", Boolean.toString(config.compression()));
    facts.setProperty("protocol", context.getBean(SessionProtocol.class).getClass().getName());
    facts.setProperty("leakDetection", ResourceLeakDetector.getLevel().name());
    try (OutputStream out = Files.newOutputStream(targetDirectory().resolve(FACTS))) {
      facts.store(out, "AutobahnServer");
    }
  }

  /** The module's {@code target}: the parent of the test classes this class was loaded from. */
  static Path targetDirectory() {
    try {
      Path classes =
          Paths.get(
              AutobahnServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent();
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException("no location for the test classes", e));
    }
  }
}
