package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.StreamingException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run with EVALSHA. Its SHA-1 is computed here as Redis computes it, so a script that
 * Redis has forgotten (a restart, {@code SCRIPT FLUSH}) is reloaded on {@code NOSCRIPT} and run
 * again, once. Immutable, thread-safe.
 */
record LuaScript(String name, String source, String sha) {

  static LuaScript of(String name, String source) {
    return new LuaScript(name, source, sha1(source));
  }

  /** Runs the script; never blocks (the future completes on a Lettuce I/O thread). */
  <T> CompletableFuture<T> run(
      RedisAsyncCommands<String, String> commands,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    CompletableFuture<T> first = commands.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        failure -> {
          if (!isNoScript(failure)) {
            return CompletableFuture.failedFuture(failure);
          }
          return commands
              .scriptLoad(source)
              .toCompletableFuture()
              .thenCompose(
                  loaded -> commands.<T>evalsha(sha, type, keys, args).toCompletableFuture());
        });
  }

  private static boolean isNoScript(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RedisNoScriptException
        || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT");
  }

  private static String sha1(String source) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new StreamingException("SHA-1 is missing from this JVM", e);
    }
  }
}
