package io.incidentstream.app.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ops/Dockerfile's runtime stage (the part after its last {@code FROM}) tells a container
 * engine: the exec-form entrypoint, the environment, the user, the working directory and the health
 * check command. Read from the file itself, so a test that starts "the container's command" cannot
 * drift from it. Only the forms the Dockerfile uses are understood (exec-form JSON arrays, {@code
 * ENV key=value}, numeric {@code USER} from {@code ARG} defaults); anything else fails.
 */
record ContainerImage(
    List<String> entrypoint,
    Map<String, String> environment,
    int uid,
    int gid,
    String workdir,
    List<String> healthcheck,
    String stopSignal) {

  static final Path DOCKERFILE = OpsFiles.OPS.resolve("Dockerfile");

  private static final Pattern ARG = Pattern.compile("^ARG\\s+(\\w+)=(\\S+)$");
  private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\\S+)");
  private static final Pattern USER = Pattern.compile("^USER\\s+(\\S+):(\\S+)$");
  private static final Pattern HEALTHCHECK_CMD = Pattern.compile("\\bCMD\\s+(\\[.*])$");

  static ContainerImage read() {
    List<String> lines = runtimeStage(joinedLines(DOCKERFILE));
    Map<String, String> args = new LinkedHashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> entrypoint = null;
    List<String> healthcheck = null;
    String user = null;
    String workdir = null;
    String stopSignal = null;
    for (String line : lines) {
      String instruction = line.split("\\s+", 2)[0];
      String rest = line.substring(instruction.length()).trim();
      switch (instruction) {
        case "ARG" -> {
          Matcher arg = ARG.matcher(line);
          if (!arg.matches()) {
            throw new IllegalStateException("ARG without a default: " + line);
          }
          args.put(arg.group(1), arg.group(2));
        }
        case "ENV" -> {
          Matcher pair = ENV_PAIR.matcher(rest);
          while (pair.find()) {
            env.put(pair.group(1), pair.group(2));
          }
        }
        case "ENTRYPOINT" -> entrypoint = execForm(rest, line);
        case "HEALTHCHECK" -> {
          Matcher cmd = HEALTHCHECK_CMD.matcher(rest);
          if (!cmd.find()) {
            throw new IllegalStateException("HEALTHCHECK not in exec form: " + line);
          }
          healthcheck = execForm(cmd.group(1), line);
        }
        case "USER" -> user = line;
        case "WORKDIR" -> workdir = rest;
        case "STOPSIGNAL" -> stopSignal = rest;
        default -> {}
      }
    }
    if (entrypoint == null || user == null) {
      throw new IllegalStateException(DOCKERFILE + ": no ENTRYPOINT or USER in the runtime stage");
    }
    Matcher ids = USER.matcher(user);
    if (!ids.matches()) {
      throw new IllegalStateException("USER is not uid:gid: " + user);
    }
    return new ContainerImage(
        List.copyOf(entrypoint),
        Map.copyOf(env),
        Integer.parseInt(expand(ids.group(1), args)),
        Integer.parseInt(expand(ids.group(2), args)),
        workdir,
        healthcheck == null ? List.of() : List.copyOf(healthcheck),
        stopSignal);
  }

  /** Instructions with their backslash continuations joined, comments and blank lines dropped. */
  private static List<String> joinedLines(Path file) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        lines.add(current.append(line).toString());
        current.setLength(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private static List<String> runtimeStage(List<String> lines) {
    int lastFrom = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    if (lastFrom < 0) {
      throw new IllegalStateException(DOCKERFILE + " has no FROM");
    }
    return lines.subList(lastFrom + 1, lines.size());
  }

  private static List<String> execForm(String json, String line) {
    if (!json.startsWith("[")) {
      throw new IllegalStateException("not in exec form (a shell would swallow SIGTERM): " + line);
    }
    try {
      return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("exec form is not a JSON array of strings: " + line, e);
    }
  }

  private static String expand(String value, Map<String, String> args) {
    if (value.startsWith("${") && value.endsWith("}")) {
      String name = value.substring(2, value.length() - 1);
      if (!args.containsKey(name)) {
        throw new IllegalStateException("no ARG default for " + value);
      }
      return args.get(name);
    }
    return value;
  }
}
