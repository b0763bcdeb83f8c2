package io.incidentstream.streaming.security.internal;

import io.incidentstream.streaming.security.StreamPrincipal;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Lets a controller method take the caller's {@link StreamPrincipal} as a parameter (absent when
 * the request carried no valid token). Stateless, thread-safe.
 */
@Singleton
final class PrincipalArgumentBinder implements TypedRequestArgumentBinder<StreamPrincipal> {

  @Override
  public Argument<StreamPrincipal> argumentType() {
    return Argument.of(StreamPrincipal.class);
  }

  @Override
  public BindingResult<StreamPrincipal> bind(
      ArgumentConversionContext<StreamPrincipal> context, HttpRequest<?> source) {
    Optional<StreamPrincipal> principal =
        StreamTokenValidator.principal(source.getUserPrincipal(Authentication.class).orElse(null));
    return principal.isPresent() ? () -> principal : BindingResult.unsatisfied();
  }
}
