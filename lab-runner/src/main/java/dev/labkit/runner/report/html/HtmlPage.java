package dev.labkit.runner.report.html;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.owasp.encoder.Encode;

/**
 * The frame both pages share: the document head with the Content-Security-Policy that lets nothing load
 * (no script, no request; inline style and {@code data:} images only), the inline style sheet, and escaping.
 * Text goes through the OWASP Java Encoder (https://owasp.org/www-project-java-encoder/): {@link #text} for
 * element content, {@link #attr} for quoted attribute values.
 */
final class HtmlPage {

    /** Nothing may load: no script at all, no fetch, no font, no external style; images only as {@code data:}. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static final String STYLE = """
            :root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--accent:#0969da}
            *{box-sizing:border-box}
            body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0;background:#fff}
            main{max-width:1000px;margin:0 auto;padding:24px 20px 48px}
            h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:32px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
            .sub{color:var(--muted);margin:0 0 16px;word-break:break-all}
            .score{display:flex;align-items:center;gap:20px;flex-wrap:wrap;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:16px 20px}
            .score .big{font-size:2.4em;font-weight:700;line-height:1}
            .bar{flex:1;min-width:160px;height:12px;background:#e6e9ed;border-radius:6px;overflow:hidden}
            .bar span{display:block;height:100%;background:var(--accent)}
            .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85em;font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}
            .s-passed{background:var(--ok)}.s-failed,.s-error,.s-build-failed,.s-start-failed{background:var(--bad)}
            .s-rejected{background:var(--warn)}.s-skipped,.s-withheld{background:var(--muted)}
            .reason{margin:12px 0 0;font-weight:600}
            .diag{border-left:4px solid var(--bad);background:#fff5f5;padding:10px 14px;margin:10px 0;border-radius:0 6px 6px 0}
            .check{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:10px 14px}
            .check.failed,.check.error{border-left:4px solid var(--bad)}.check.passed{border-left:4px solid var(--ok)}
            .check header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
            .check .id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
            .check .pts{margin-left:auto;font-variant-numeric:tabular-nums;color:var(--muted)}
            .hint{color:var(--warn)}
            pre{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;max-height:480px;
                font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{background:var(--bg)}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            details summary{cursor:pointer;color:var(--accent)}
            a{color:var(--accent)}
            .muted{color:var(--muted)}
            svg text{font:12px system-ui,sans-serif;fill:#1f2328}
            .chart{max-width:100%;height:auto}
            figure.screenshot{margin:10px 0}figure.screenshot img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px}
            footer{margin-top:40px;color:var(--muted);font-size:.85em}
            """;

    private HtmlPage() {}

    /** Opens the document: doctype, head (charset, CSP, title, style) and {@code <body><main>}. */
    static void open(Writer out, String title) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
        out.write("<title>" + text(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n");
    }

    /** Closes what {@link #open} opened, after a footer line. */
    static void close(Writer out, String footer) throws IOException {
        out.write("<footer>" + text(footer) + "</footer>\n</main>\n</body>\n</html>\n");
        out.flush();
    }

    /** Element content, escaped; characters HTML cannot carry (controls) are dropped. */
    static String text(String value) {
        return Encode.forHtmlContent(clean(value));
    }

    /** A double-quoted attribute value, escaped. */
    static String attr(String value) {
        return Encode.forHtmlAttribute(clean(value));
    }

    /** A status as a coloured badge: {@code <span class="badge s-failed">failed</span>}. */
    static String badge(String status) {
        return "<span class=\"badge s-" + attr(status.replaceAll("[^a-z-]", "")) + "\">" + text(status) + "</span>";
    }

    /** {@code 83%} of {@code part/whole}, 0 when whole is 0. */
    static int percent(int part, int whole) {
        return whole <= 0 ? 0 : (int) Math.round(100.0 * part / whole);
    }

    /** {@code 0.833}, whole numbers without decimals (as the console shows metrics). */
    static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * A relative link as given, or {@code ""} when it names a scheme ({@code javascript:}, {@code http:}): the
     * pages link only to files beside them.
     */
    static String relativeLink(String link) {
        String trimmed = link == null ? "" : link.strip();
        int colon = trimmed.indexOf(':');
        int slash = trimmed.indexOf('/');
        return colon >= 0 && (slash < 0 || colon < slash) || trimmed.startsWith("//") ? "" : trimmed;
    }

    /** Drops C0 controls but tab, line feed and carriage return (an app's log may hold any byte). */
    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(c -> c >= 0x20 && c != 0x7F || c == '\t' || c == '\n' || c == '\r')
                .forEach(out::appendCodePoint);
        return out.toString();
    }
}
