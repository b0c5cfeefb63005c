package org.nesjam.json;

import java.io.IOException;

/**
 * Bad JSON or JSON that does not match its schema. The message is one line that names the source (file), the
 * position and the field: {@code lead.json:3:14: field "params.duty": expected a number, got a string}.
 */
public final class JsonException extends IOException {
    private final String source;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    /**
     * @param source the file or other origin, for the message
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     * @param field the dotted path of the field ({@code params.duty}, {@code plugins[1].id}); empty for the root
     * @param problem what is wrong, without position
     */
    public JsonException(String source, int line, int column, String field, String problem) {
        super(format(source, line, column, field, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field == null ? "" : field;
        this.problem = problem;
    }

    private static String format(String source, int line, int column, String field, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append("field \"").append(field).append("\": ");
        }
        return sb.append(problem).toString();
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Dotted path of the offending field; empty for the document root. */
    public String field() {
        return field;
    }

    /** The problem without position or field. */
    public String problem() {
        return problem;
    }
}
