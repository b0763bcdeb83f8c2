package io.incidentstream.streaming.ws;

import io.incidentstream.streaming.config.StreamConfiguration;
import jakarta.inject.Singleton;
import java.util.UUID;

/** This instance's id: {@code stream.instance-id}, or a random one made once at start. */
@Singleton
public class InstanceIdentity {

  private final String id;

  public InstanceIdentity(StreamConfiguration config) {
    String configured = config.instanceId();
    this.id =
        configured == null || configured.isBlank()
            ? "instance-" + UUID.randomUUID().toString().substring(0, 8)
            : configured;
  }

  public String id() {
    return id;
  }
}
