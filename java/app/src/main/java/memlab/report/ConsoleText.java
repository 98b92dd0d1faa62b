package memlab.report;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Locale;
import java.util.Map;

/**
 * Text for a console that may not speak Unicode. Under a POSIX locale ({@code LC_ALL=C}, {@code LANG}
 * unset) or a Windows code page, Java writes every character the console charset lacks as '?', and a
 * heading reads "Lab 05 ? leak". Here such characters become plain ASCII instead ("--", "x", "->", "~",
 * "u"), never '?'. Characters the charset can encode are kept. Files written with --out stay UTF-8.
 * <p>
 * The charset is the one the stream encodes with, {@link PrintStream#charset()}: for System.out and
 * System.err the JVM takes it from {@code stdout.encoding} and {@code stderr.encoding} (JDK 19+: the
 * console's charset, or {@code native.encoding} when redirected), and a stream a test sets is honoured too.
 */
public final class ConsoleText {

    /** ASCII stand-ins, by code point; a stand-in ending in a space is a word, kept apart from what follows. */
    private static final Map<Integer, String> ASCII = Map.ofEntries(
            Map.entry(0x2014, "--"), Map.entry(0x2015, "--"), Map.entry(0x2013, "-"), Map.entry(0x2012, "-"),
            Map.entry(0x2011, "-"), Map.entry(0x2010, "-"), Map.entry(0x2212, "-"),
            Map.entry(0x00D7, "x"), Map.entry(0x00F7, "/"), Map.entry(0x2044, "/"), Map.entry(0x00B1, "+/-"),
            Map.entry(0x2192, "->"), Map.entry(0x2190, "<-"), Map.entry(0x2194, "<->"), Map.entry(0x21D2, "=>"),
            Map.entry(0x2191, "^"), Map.entry(0x2193, "v"),
            Map.entry(0x2248, "~"), Map.entry(0x223C, "~"), Map.entry(0x2264, "<="), Map.entry(0x2265, ">="),
            Map.entry(0x2260, "!="), Map.entry(0x221E, "inf"),
            Map.entry(0x00B5, "u"), Map.entry(0x03BC, "u"), Map.entry(0x00B2, "^2"), Map.entry(0x00B3, "^3"),
            Map.entry(0x00B9, "^1"), Map.entry(0x00B0, "deg"), Map.entry(0x00A7, "sec. "),
            Map.entry(0x2026, "..."), Map.entry(0x00B7, "."), Map.entry(0x2022, "*"),
            Map.entry(0x2018, "'"), Map.entry(0x2019, "'"), Map.entry(0x201C, "\""), Map.entry(0x201D, "\""),
            Map.entry(0x00AB, "<<"), Map.entry(0x00BB, ">>"),
            Map.entry(0x2713, "ok"), Map.entry(0x2714, "ok"), Map.entry(0x2717, "x"), Map.entry(0x2718, "x"),
            Map.entry(0x200B, ""), Map.entry(0x200C, ""), Map.entry(0x200D, ""), Map.entry(0xFEFF, ""));

    /** Sparkline blocks, lowest to highest (U+2581..U+2588), as an ASCII ramp. */
    private static final String RAMP = "_.:-=+*#";

    private ConsoleText() {
    }

    /** {@code text} as {@code charset} can carry it: unchanged where it can, plain ASCII where not. */
    public static String fit(String text, Charset charset) {
        int first = firstNonAscii(text);
        if (first < 0) {
            return text; // every console charset carries ASCII
        }
        CharsetEncoder encoder = charset.newEncoder();
        if (encoder.canEncode(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp < 0x80 || encoder.canEncode(text.substring(i, next))) {
                out.appendCodePoint(cp);
            } else {
                String ascii = ascii(cp);
                boolean word = ascii.length() > 1 && ascii.endsWith(" "); // "§3" -> "sec. 3", "§ 3" -> "sec. 3"
                out.append(word && (next == text.length() || Character.isWhitespace(text.charAt(next)))
                        ? ascii.stripTrailing() : ascii);
            }
            i = next;
        }
        return out.toString();
    }

    /**
     * Plain ASCII for one code point: a stand-in for typography and symbols; anything else, such as a
     * letter the user typed, as its code point, which names it where '?' (or dropping an accent) would hide it.
     */
    static String ascii(int cp) {
        String known = ASCII.get(cp);
        if (known != null) {
            return known;
        }
        if (Character.isSpaceChar(cp)) {
            return " "; // no-break and thin spaces
        }
        if (cp >= 0x2500 && cp <= 0x257F) {
            return boxDrawing(cp);
        }
        if (cp >= 0x2581 && cp <= 0x2588) {
            return String.valueOf(RAMP.charAt(cp - 0x2581));
        }
        if (cp >= 0x2580 && cp <= 0x259F) {
            return "#";
        }
        return String.format(Locale.ROOT, "<U+%04X>", cp);
    }

    /** Straight lines as '-', '=' or '|'; corners, joints and half lines as '+'. */
    private static String boxDrawing(int cp) {
        String name = Character.getName(cp); // e.g. "BOX DRAWINGS LIGHT DOWN AND HORIZONTAL"
        boolean joint = name.contains(" AND ") || name.matches(".*\\b(UP|DOWN|LEFT|RIGHT|ARC|DIAGONAL)\\b.*");
        if (!joint && name.endsWith("HORIZONTAL")) {
            return name.endsWith("DOUBLE HORIZONTAL") ? "=" : "-";
        }
        return !joint && name.endsWith("VERTICAL") ? "|" : "+";
    }

    private static int firstNonAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A PrintStream that writes to {@code out} like {@code out} does, with its charset, but fits all
     * text to that charset first. Raw bytes pass unchanged.
     */
    public static PrintStream fitting(PrintStream out) {
        return out instanceof Fitting ? out : new Fitting(out, out.charset());
    }

    /** Every text path of PrintStream (print, println, printf, append) ends in one of these. */
    private static final class Fitting extends PrintStream {
        Fitting(OutputStream out, Charset charset) {
            super(out, true, charset);
        }

        @Override
        public void print(String s) {
            super.print(fit(String.valueOf(s), charset()));
        }

        @Override
        public void print(char c) {
            print(String.valueOf(c));
        }

        @Override
        public void print(char[] s) {
            print(new String(s));
        }

        @Override
        public void print(Object obj) {
            print(String.valueOf(obj));
        }
    }
}
