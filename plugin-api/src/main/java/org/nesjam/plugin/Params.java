package org.nesjam.plugin;

/**
 * Parameter extension. Values are plain doubles in {@code [min, max]} of their {@link ParamInfo}.
 * While processing, the host changes values only through {@link EventBuffer#addParam} events, which are
 * sample-accurate; {@link #setValue} is for a plugin that is not processing.
 */
public interface Params {

    /** [thread-safe] Number of parameters; constant for the instance's life. */
    int paramCount();

    /** [thread-safe] Description of parameter {@code index} in {@code 0..paramCount()-1}. */
    ParamInfo paramInfo(int index);

    /** [main-thread] Current value of parameter {@code paramId} (may lag the audio thread by a block). */
    double paramValue(int paramId);

    /** [main-thread &amp; !processing] Set a value directly; clamped to the parameter's range. */
    void setParamValue(int paramId, double value);

    /** [thread-safe] The info of {@code paramId}, or null. */
    default ParamInfo paramById(int paramId) {
        for (int i = 0; i < paramCount(); i++) {
            ParamInfo info = paramInfo(i);
            if (info.id() == paramId) {
                return info;
            }
        }
        return null;
    }

    /** [thread-safe] The info whose {@link ParamInfo#key()} is {@code key}, or null. */
    default ParamInfo paramByKey(String key) {
        for (int i = 0; i < paramCount(); i++) {
            ParamInfo info = paramInfo(i);
            if (info.key().equals(key)) {
                return info;
            }
        }
        return null;
    }
}
