package io.incidentstream.app;

import io.micronaut.runtime.Micronaut;
import java.util.Arrays;

/** Starts Incident Stream. Holds no logic: every capability lives in its own module. */
public final class Application {

  private Application() {}

  /**
   * Starts the server; {@code token ...} prints a token instead (see {@link TokenCommand}), {@code
   * tail ...} follows a server's stream (see {@link TailCommand}).
   */
  public static void main(String[] args) {
    if (args.length > 0 && TokenCommand.NAME.equals(args[0])) {
      int status =
          new TokenCommand(System.getenv(), System.out, System.err)
              .run(Arrays.asList(args).subList(1, args.length));
      System.exit(status);
    }
    if (args.length > 0 && TailCommand.NAME.equals(args[0])) {
      int status =
          new TailCommand(System.getenv(), System.out, System.err)
              .run(Arrays.asList(args).subList(1, args.length));
      System.exit(status);
    }
    Micronaut.build(args).banner(false).start();
  }
}
