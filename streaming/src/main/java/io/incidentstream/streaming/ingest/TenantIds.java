package io.incidentstream.streaming.ingest;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a tenant id may look like: 1 to 64 characters of {@code [A-Za-z0-9._-]}. Stateless. */
public final class TenantIds {

  public static final int MAX_LENGTH = 64;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private TenantIds() {}

  public static boolean isValid(@Nullable String tenant) {
    return tenant != null && VALID.matcher(tenant).matches();
  }

  /** Returns {@code tenant}, or throws naming the rule it breaks. */
  public static String requireValid(@Nullable String tenant) {
    if (!isValid(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9._-], was: " + tenant);
    }
    return tenant;
  }
}
