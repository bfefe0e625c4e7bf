package io.poolworks.spring.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus scrape in the text format, read back: the metric families with their type
 * and help, and every sample with its series name and labels.
 */
final class Scrape {

    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) (\\S+) ?(.*)");

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+).*");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final List<String> SUFFIXES = List.of("_total", "_count", "_sum", "_bucket", "_created");

    private final Map<String, String> types = new LinkedHashMap<>();

    private final Map<String, String> help = new LinkedHashMap<>();

    private final List<Sample> samples = new ArrayList<>();

    Scrape(String text) {
        for (String line : text.split("\n")) {
            Matcher comment = COMMENT.matcher(line);
            if (comment.matches()) {
                Map<String, String> target = comment.group(1).equals("TYPE") ? this.types : this.help;
                target.put(comment.group(2), comment.group(3));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!line.isBlank() && !line.startsWith("#") && sample.matches()) {
                Map<String, String> labels = new LinkedHashMap<>();
                Matcher label = LABEL.matcher((sample.group(2) != null) ? sample.group(2) : "");
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                this.samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
            }
        }
    }

    /**
     * Return the samples whose series name starts with one of the prefixes.
     * @param prefixes the prefixes
     * @return the samples
     */
    List<Sample> samples(String... prefixes) {
        List<Sample> matching = new ArrayList<>();
        for (Sample sample : this.samples) {
            for (String prefix : prefixes) {
                if (sample.series().startsWith(prefix)) {
                    matching.add(sample);
                    break;
                }
            }
        }
        return matching;
    }

    /**
     * Return the series names of the samples with the given label value.
     * @param label the label name
     * @param value its value
     * @return the series names, sorted
     */
    Set<String> series(String label, String value) {
        Set<String> series = new TreeSet<>();
        for (Sample sample : this.samples) {
            if (value.equals(sample.labels().get(label))) {
                series.add(sample.series());
            }
        }
        return series;
    }

    /**
     * Return the family a series belongs to: the family of that name, else the one that
     * the series extends with a suffix such as {@code _count}.
     * @param series the series name
     * @return the family name
     * @throws IllegalStateException if the scrape has no such family
     */
    String family(String series) {
        if (this.types.containsKey(series)) {
            return series;
        }
        for (String suffix : SUFFIXES) {
            if (series.endsWith(suffix)) {
                String family = series.substring(0, series.length() - suffix.length());
                if (this.types.containsKey(family)) {
                    return family;
                }
            }
        }
        throw new IllegalStateException("No # TYPE line for series " + series);
    }

    /**
     * Return the Prometheus type of a series, from its family's {@code # TYPE} line.
     * @param series the series name
     * @return the type, such as {@code counter}
     */
    String type(String series) {
        return this.types.get(family(series));
    }

    /**
     * Return the help text of a series' family, trimmed.
     * @param series the series name
     * @return the help, empty if none
     */
    String help(String series) {
        return this.help.getOrDefault(family(series), "").trim();
    }

    /**
     * Return the label names of every sample of a series.
     * @param series the series name
     * @return the label names, without {@code le} and {@code quantile}
     */
    Set<Set<String>> labelNames(String series) {
        Set<Set<String>> names = new LinkedHashSet<>();
        for (Sample sample : this.samples) {
            if (sample.series().equals(series)) {
                Set<String> keys = new TreeSet<>(sample.labels().keySet());
                keys.remove("le");
                keys.remove("quantile");
                names.add(keys);
            }
        }
        return names;
    }

    /**
     * One line of the scrape.
     *
     * @param series the series name
     * @param labels the labels
     * @param value the value
     */
    record Sample(String series, Map<String, String> labels, double value) {

    }

}
