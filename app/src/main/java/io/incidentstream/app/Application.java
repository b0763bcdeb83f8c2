package io.incidentstream.app;

import io.micronaut.runtime.Micronaut;

/** Starts Incident Stream. Holds no logic: every capability lives in its own module. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).banner(false).start();
  }
}
