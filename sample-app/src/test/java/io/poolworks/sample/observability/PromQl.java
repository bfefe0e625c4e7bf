package io.poolworks.sample.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, read without a PromQL parser: strings,
 * label matchers, ranges and the label lists of {@code by}, {@code without}, {@code on},
 * {@code ignoring} and {@code group_left/right} are taken out; what is left are calls (a
 * name followed by a parenthesis), keywords, numbers, durations, Grafana variables and
 * metric names.
 */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");

    private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*\\]");

    private static final Pattern LABEL_LISTS = Pattern
        .compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private static final Pattern TOKENS = Pattern
        .compile("(\\$\\{?\\w+\\}?)|(\\d[\\w.]*)|([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?|.", Pattern.DOTALL);

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");

    private PromQl() {
    }

    /**
     * Return the metric names the expression selects.
     * @param expression a PromQL expression, possibly with Grafana variables
     * @return the metric names, sorted
     */
    static Set<String> metricNames(String expression) {
        String text = STRINGS.matcher(expression).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGES.matcher(text).replaceAll(" ");
        text = LABEL_LISTS.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKENS.matcher(text);
        while (token.find()) {
            String identifier = token.group(3);
            boolean call = token.group(4) != null;
            if (identifier != null && !call && !KEYWORDS.contains(identifier.toLowerCase())) {
                names.add(identifier);
            }
        }
        return names;
    }

}
