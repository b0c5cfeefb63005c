package org.nesjam.plugin;

/**
 * One parameter. {@code id} is stable across plugin versions (events and state refer to it); {@code key} is the
 * stable text name used in presets and on the command line; {@code name} is for people. {@code stepped} values
 * are integers; {@code smoothed} values are ramped by the plugin where a jump would click.
 */
public record ParamInfo(int id, String key, String name, double min, double max, double defaultValue,
                        boolean stepped, boolean smoothed) {
    public ParamInfo {
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException(key + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
        }
    }

    /** The value clamped to the range (and rounded when stepped). NaN becomes the default. */
    public double clamp(double value) {
        if (Double.isNaN(value)) {
            return defaultValue;
        }
        double v = Math.max(min, Math.min(max, value));
        return stepped ? Math.rint(v) : v;
    }
}
