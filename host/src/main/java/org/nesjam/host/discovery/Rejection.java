package org.nesjam.host.discovery;

/** A jar, factory or folder that discovery refused, and why, in one line. */
public record Rejection(String source, String reason) {
    @Override
    public String toString() {
        return source + ": " + reason;
    }
}
