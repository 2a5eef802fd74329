package org.layercanvas.engine.spi;

/**
 * User data echoed in a message: a field of a data file, a name from a project, a path. Such text can
 * be megabytes long or hold control characters (a NUL, a newline, an escape sequence that repaints the
 * terminal), so a message shows at most {@link #LIMIT} characters of it, cut with "…", with control
 * characters written as visible escapes. Values are shown in double quotes ({@link #of}), names in single
 * quotes ({@link #name}). Every message that echoes user data goes through here.
 */
public final class Quoted {
    /** The most characters of user data one message shows. */
    public static final int LIMIT = 80;

    private Quoted() {
    }

    /** {@code text} in double quotes, escaped and cut to {@link #LIMIT} characters: {@code "abc…"}. */
    public static String of(Object text) {
        return "\"" + shown(String.valueOf(text)) + "\"";
    }

    /** A name the user chose (a column, a node id, a field) in single quotes, as messages write names: {@code 'abc…'}. */
    public static String name(Object text) {
        return "'" + shown(text) + "'";
    }

    /**
     * A file's path as messages show it: escaped, and when longer than {@code 2 * LIMIT} characters cut at the
     * front ("…/runs/x/weights.safetensors"), since the file's name at the end is what tells the user which file.
     */
    public static String path(Object path) {
        String s = String.valueOf(path);
        int n = s.codePointCount(0, s.length());
        return n <= 2 * LIMIT ? escaped(s) : "…" + escaped(s.substring(s.offsetByCodePoints(0, n - 2 * LIMIT)));
    }

    /** {@code text} escaped and cut to {@link #LIMIT} characters, without quotes. */
    public static String shown(Object text) {
        return shown(text, LIMIT);
    }

    /** {@code text} escaped and cut to {@code limit} characters (a whole message as a last safeguard). */
    public static String shown(Object text, int limit) {
        String s = String.valueOf(text);
        boolean cut = s.codePointCount(0, s.length()) > limit;
        String kept = cut ? s.substring(0, s.offsetByCodePoints(0, limit)) : s;
        return escaped(kept) + (cut ? "…" : "");
    }

    /** {@code text} in full with control characters escaped: a message of our own that may carry user data. */
    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\0' -> out.append("\\0");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
