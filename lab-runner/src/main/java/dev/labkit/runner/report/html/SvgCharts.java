package dev.labkit.runner.report.html;

import static dev.labkit.runner.report.html.HtmlPage.attr;
import static dev.labkit.runner.report.html.HtmlPage.text;

import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG (https://www.w3.org/TR/SVG2/), accessible: the chart is {@code role="img"} named by its
 * {@code <title>} and described by its {@code <desc>}; each bar has a {@code <title>} (the browser's tooltip) and a
 * text label with its value, so nothing depends on colour or hovering.
 */
final class SvgCharts {

    /** One bar: its label under or beside it, its value, and the tooltip saying it in words. */
    record Bar(String label, double value, String valueLabel, String tooltip) {}

    private static final int WIDTH = 720;

    private SvgCharts() {}

    /**
     * Vertical bars (a histogram): {@code bars} left to right, heights scaled to the largest value.
     *
     * @param id the svg element's id
     */
    static String columns(String id, String title, String description, List<Bar> bars) {
        int height = 220;
        int top = 20;
        int bottom = 40;
        int plot = height - top - bottom;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        double slot = (double) (WIDTH - 20) / Math.max(1, bars.size());
        StringBuilder svg = open(id, title, description, WIDTH, height);
        svg.append("<line x1=\"10\" y1=\"").append(top + plot).append("\" x2=\"").append(WIDTH - 10).append("\" y2=\"")
                .append(top + plot).append("\" stroke=\"#8c959f\"/>\n");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double h = max <= 0 ? 0 : plot * bar.value() / max;
            double x = 10 + i * slot + slot * 0.12;
            double w = slot * 0.76;
            double y = top + plot - h;
            svg.append("<g class=\"bar\"><title>").append(text(bar.tooltip())).append("</title>")
                    .append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "rx=\"2\" fill=\"#0969da\"/>", x, y, w, Math.max(h, bar.value() > 0 ? 1 : 0)))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                            x + w / 2, y - 4)).append(text(bar.valueLabel())).append("</text>")
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                            x + w / 2, top + plot + 16)).append(text(bar.label())).append("</text></g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Horizontal bars, one row each, for rates: {@code value} between 0 and 1, drawn against a full-width track.
     *
     * @param id the svg element's id
     */
    static String rows(String id, String title, String description, List<Bar> bars) {
        int row = 24;
        int labelWidth = 260;
        int valueWidth = 110;
        int track = WIDTH - labelWidth - valueWidth - 10;
        int height = Math.max(1, bars.size()) * row + 10;
        StringBuilder svg = open(id, title, description, WIDTH, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 5 + i * row;
            double w = track * Math.max(0, Math.min(1, bar.value()));
            String fill = bar.value() >= 0.8 ? "#1a7f37" : bar.value() >= 0.5 ? "#9a6700" : "#cf222e";
            svg.append("<g class=\"bar\"><title>").append(text(bar.tooltip())).append("</title>")
                    .append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 16)
                    .append("\" text-anchor=\"end\">").append(text(shorten(bar.label(), 36))).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(track).append("\" height=\"16\" rx=\"3\" fill=\"#e6e9ed\"/>")
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" rx=\"3\" "
                            + "fill=\"%s\"/>", labelWidth, y + 3, w, fill))
                    .append("<text x=\"").append(labelWidth + track + 8).append("\" y=\"").append(y + 16).append("\">")
                    .append(text(bar.valueLabel())).append("</text></g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String id, String title, String description, int width, int height) {
        return new StringBuilder().append("<svg id=\"").append(attr(id)).append("\" class=\"chart\" role=\"img\" ")
                .append("xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" aria-labelledby=\"").append(attr(id)).append("-title ").append(attr(id))
                .append("-desc\">\n<title id=\"").append(attr(id)).append("-title\">").append(text(title))
                .append("</title>\n<desc id=\"").append(attr(id)).append("-desc\">").append(text(description))
                .append("</desc>\n");
    }

    private static String shorten(String label, int max) {
        return label.length() <= max ? label : label.substring(0, max - 1) + "…";
    }
}
