package io.incidentstream.app.ops;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: every identifier that is not a function, an
 * aggregation, a keyword or a label name, plus {@code __name__="..."} matchers. A small lexer, not
 * a full parser: strings, label matchers ({@code {...}}), ranges ({@code [...]}), numbers,
 * durations and Grafana variables ({@code $name}) are skipped; label lists after {@code by}, {@code
 * without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} too.
 * Stateless.
 */
final class PromQlMetricNames {

  private static final Set<String> KEYWORDS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "atan2",
          "inf",
          "nan");

  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private static final Pattern NAME_MATCHER =
      Pattern.compile("__name__\\s*=\\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"");

  private final String expr;
  private final Set<String> names = new TreeSet<>();
  private int pos;

  private PromQlMetricNames(String expr) {
    this.expr = expr;
  }

  /** The metric names {@code expr} reads, sorted. */
  static Set<String> in(String expr) {
    PromQlMetricNames lexer = new PromQlMetricNames(expr);
    lexer.scan();
    return lexer.names;
  }

  private void scan() {
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
      } else if (c == '{') {
        labelMatchers();
      } else if (c == '[') {
        skipPast(']');
      } else if (c == '$') {
        pos++;
        skipWhile(PromQlMetricNames::isNamePart);
      } else if (Character.isDigit(c) || c == '.') {
        skipNumber();
      } else if (isNameStart(c)) {
        identifier();
      } else {
        pos++;
      }
    }
  }

  private void identifier() {
    int start = pos;
    skipWhile(PromQlMetricNames::isNamePart);
    String word = expr.substring(start, pos);
    String keyword = word.toLowerCase(Locale.ROOT);
    if (LABEL_LIST_KEYWORDS.contains(keyword)) {
      skipLabelList();
    } else if (!KEYWORDS.contains(keyword) && !followedBy('(')) {
      names.add(word);
    }
  }

  /** {@code by (a, b)}: label names, not metrics. {@code group_left} may have no list. */
  private void skipLabelList() {
    if (followedBy('(')) {
      skipPast(')');
    }
  }

  private void labelMatchers() {
    int start = pos;
    pos++;
    while (pos < expr.length() && expr.charAt(pos) != '}') {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
      } else {
        pos++;
      }
    }
    pos++;
    Matcher name = NAME_MATCHER.matcher(expr.substring(start, Math.min(pos, expr.length())));
    while (name.find()) {
      names.add(name.group(1));
    }
  }

  private boolean followedBy(char wanted) {
    int i = pos;
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    if (i < expr.length() && expr.charAt(i) == wanted) {
      pos = i;
      return true;
    }
    return false;
  }

  private void skipString(char quote) {
    pos++;
    while (pos < expr.length() && expr.charAt(pos) != quote) {
      pos += expr.charAt(pos) == '\\' && quote != '`' ? 2 : 1;
    }
    pos++;
  }

  private void skipPast(char end) {
    while (pos < expr.length() && expr.charAt(pos) != end) {
      pos++;
    }
    pos++;
  }

  /** Numbers, durations ({@code 5m}, {@code 1h30m}), exponents ({@code 1e-9}), hex. */
  private void skipNumber() {
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      boolean exponentSign =
          (c == '+' || c == '-') && (expr.charAt(pos - 1) == 'e' || expr.charAt(pos - 1) == 'E');
      if (!Character.isLetterOrDigit(c) && c != '.' && !exponentSign) {
        return;
      }
      pos++;
    }
  }

  private void skipWhile(CharTest test) {
    while (pos < expr.length() && test.matches(expr.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  private interface CharTest {
    boolean matches(char c);
  }
}
