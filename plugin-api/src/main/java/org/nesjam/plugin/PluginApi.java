package org.nesjam.plugin;

/** Version of this plugin API. A host accepts plugins whose descriptor names a version it supports. */
public final class PluginApi {
    /** Bumped on any incompatible change of the interfaces in this package. */
    public static final int VERSION = 1;

    private PluginApi() {
    }

    /** [thread-safe] True when a plugin built against {@code apiVersion} can run in this host. */
    public static boolean isCompatible(int apiVersion) {
        return apiVersion == VERSION;
    }
}
