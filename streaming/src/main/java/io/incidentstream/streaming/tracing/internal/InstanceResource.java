package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.streaming.ws.InstanceIdentity;
import io.micronaut.context.annotation.Requires;
import io.micronaut.tracing.opentelemetry.ResourceProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import jakarta.inject.Singleton;

/**
 * Names the instance in every span's resource ({@code service.instance.id} = {@code
 * stream.instance-id}), so a trace shows which instance fanned out where. {@code service.name} is
 * left to {@code OTEL_SERVICE_NAME} (default: the application name, {@code incident-stream}).
 */
@Singleton
@Requires(condition = TracingSwitch.On.class)
final class InstanceResource implements ResourceProvider {

  static final AttributeKey<String> SERVICE_INSTANCE_ID =
      AttributeKey.stringKey("service.instance.id");

  private final String instanceId;

  InstanceResource(InstanceIdentity identity) {
    this.instanceId = identity.id();
  }

  @Override
  public Resource resource() {
    return Resource.create(Attributes.of(SERVICE_INSTANCE_ID, instanceId));
  }
}
