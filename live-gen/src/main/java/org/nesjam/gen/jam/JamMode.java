package org.nesjam.gen.jam;

/** How the generator shares the four voices with the player. */
public enum JamMode {
    /** The model plays all four voices; player notes still sound but are not written into the timeline. */
    ENDLESS,
    /** The player owns some voices (default P1); every player note is written into the timeline, the model plays the rest. */
    ACCOMPANY,
    /** Like ACCOMPANY while the player plays; after a rest the model continues in all voices until the player plays again. */
    CALL_RESPONSE;

    /** The mode named {@code name} ({@code endless}, {@code accompany}, {@code call-response}), or null. */
    public static JamMode parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "endless", "radio" -> ENDLESS;
            case "accompany" -> ACCOMPANY;
            case "call-response", "call_response", "callresponse", "jam" -> CALL_RESPONSE;
            default -> null;
        };
    }

    /** The value of the {@code mode} parameter (the shipped presets' numbering: 0 call-response, 1 endless, 2 accompany). */
    public int paramValue() {
        return switch (this) {
            case CALL_RESPONSE -> 0;
            case ENDLESS -> 1;
            case ACCOMPANY -> 2;
        };
    }

    /** The mode of a {@code mode} parameter value. */
    public static JamMode fromParam(double value) {
        int v = (int) Math.rint(value);
        return v == 0 ? CALL_RESPONSE : v == 2 ? ACCOMPANY : ENDLESS;
    }

    /** The command-line spelling. */
    public String cliName() {
        return switch (this) {
            case ENDLESS -> "endless";
            case ACCOMPANY -> "accompany";
            case CALL_RESPONSE -> "call-response";
        };
    }
}
