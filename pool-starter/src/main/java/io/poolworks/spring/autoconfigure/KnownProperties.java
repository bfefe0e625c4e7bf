package io.poolworks.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * Every key under {@code poolworks}, read from the properties classes (a map key is
 * {@code *}), to suggest the closest one for a key that is not.
 */
final class KnownProperties {

    private static final List<String> KEYS = keys(PoolworksBinding.PREFIX, PoolworksBinding.Tree.class);

    private KnownProperties() {
    }

    /**
     * Return every key under {@code poolworks}, a map key written {@code *}.
     * @return the keys
     */
    static List<String> all() {
        return KEYS;
    }

    /**
     * Return the known key closest to the given one, with the map keys of the given key
     * in place of {@code *}.
     * @param name an unknown key
     * @return the suggestion, or {@code null} if no key is close
     */
    static @Nullable String closestTo(String name) {
        ConfigurationPropertyName unknown = ConfigurationPropertyName.adapt(name, '.');
        String dashed = dashed(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : KEYS) {
            String candidate = fill(key, unknown);
            if (candidate == null) {
                continue;
            }
            int distance = distance(dashed, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        String last = unknown.getLastElement(Form.DASHED);
        return (best != null && bestDistance <= Math.max(3, last.length() / 3)) ? best : null;
    }

    private static String dashed(ConfigurationPropertyName name) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            elements.add(name.getElement(i, Form.DASHED));
        }
        return String.join(".", elements);
    }

    private static @Nullable String fill(String key, ConfigurationPropertyName unknown) {
        String[] elements = key.split("\\.");
        if (!key.contains("*")) {
            return key;
        }
        if (elements.length != unknown.getNumberOfElements()) {
            return null;
        }
        for (int i = 0; i < elements.length; i++) {
            if (elements[i].equals("*")) {
                elements[i] = unknown.getElement(i, Form.ORIGINAL);
            }
        }
        return String.join(".", elements);
    }

    private static List<String> keys(String prefix, Class<?> type) {
        List<String> keys = new ArrayList<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            Method getter = descriptor.getReadMethod();
            if (getter == null || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(descriptor.getName());
            Class<?> valueType = getter.getReturnType();
            if (Map.class.isAssignableFrom(valueType)) {
                Type mapType = getter.getGenericReturnType();
                Type value = (mapType instanceof ParameterizedType parameterized)
                        ? parameterized.getActualTypeArguments()[1] : Object.class;
                addValue(keys, name + ".*", (value instanceof Class<?> valueClass) ? valueClass : Object.class);
            }
            else {
                addValue(keys, name, valueType);
            }
        }
        return List.copyOf(keys);
    }

    private static void addValue(List<String> keys, String name, Class<?> type) {
        if (isPropertiesType(type)) {
            keys.addAll(keys(name, type));
        }
        else {
            keys.add(name);
        }
    }

    private static boolean isPropertiesType(Class<?> type) {
        return !type.isEnum() && type.getName().startsWith("io.poolworks.spring.");
    }

    /**
     * Levenshtein distance.
     */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

}
