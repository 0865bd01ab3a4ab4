package io.moirai.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as a self-contained SVG document: one panel per benchmark method, one
 * bar per implementation and parameter combination, with the score's error as a whisker. Each
 * panel has its own scale, starting at zero, since methods measure different things. Moirai's
 * variants are drawn in blue, peers in grey.
 */
final class SvgBarChart {

    /** One bar. */
    record Bar(String label, double value, double error, boolean moirai) {
    }

    /** One panel: a heading, the unit, the direction, and its bars. */
    record Panel(String title, String unit, boolean higherIsBetter, List<Bar> bars) {
    }

    private static final int WIDTH = 760;
    private static final int LABEL_WIDTH = 300;
    private static final int VALUE_WIDTH = 120;
    private static final int BAR_HEIGHT = 16;
    private static final int ROW_HEIGHT = 22;
    private static final int PANEL_HEADER = 34;
    private static final int PANEL_GAP = 14;
    private static final int TITLE_HEIGHT = 30;
    private static final String MOIRAI_COLOUR = "#2f6fdf";
    private static final String PEER_COLOUR = "#9aa0a6";

    private SvgBarChart() {
    }

    /**
     * Draws the chart.
     *
     * @param title  the chart's title
     * @param panels its panels, drawn top to bottom
     * @return the SVG document
     */
    static String render(String title, List<Panel> panels) {
        int height = TITLE_HEIGHT;
        for (Panel panel : panels) {
            height += PANEL_HEADER + panel.bars().size() * ROW_HEIGHT + PANEL_GAP;
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        int y = TITLE_HEIGHT;
        for (Panel panel : panels) {
            y = renderPanel(svg, panel, y);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int renderPanel(StringBuilder svg, Panel panel, int top) {
        String direction = panel.higherIsBetter() ? "higher is better" : "lower is better";
        svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" font-weight=\"bold\">%s</text>"
                        + "<text x=\"%d\" y=\"%d\" fill=\"#555555\">%s, %s</text>%n",
                top + 18, escape(panel.title()), LABEL_WIDTH, top + 18, escape(panel.unit()), direction));
        double max = 0.0;
        for (Bar bar : panel.bars()) {
            max = Math.max(max, bar.value() + (Double.isFinite(bar.error()) ? bar.error() : 0.0));
        }
        int plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        double scale = max > 0.0 ? plotWidth / max : 0.0;
        int y = top + PANEL_HEADER;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n",
                LABEL_WIDTH, y - 4, LABEL_WIDTH, y + panel.bars().size() * ROW_HEIGHT));
        for (Bar bar : panel.bars()) {
            double width = Double.isFinite(bar.value()) ? Math.max(0.0, bar.value() * scale) : 0.0;
            int middle = y + BAR_HEIGHT / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_WIDTH - 6, middle + 4, escape(bar.label())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL_WIDTH, y, width, BAR_HEIGHT, bar.moirai() ? MOIRAI_COLOUR : PEER_COLOUR));
            double end = LABEL_WIDTH + width;
            if (Double.isFinite(bar.error()) && bar.error() > 0.0) {
                double low = LABEL_WIDTH + Math.max(0.0, (bar.value() - bar.error()) * scale);
                double high = LABEL_WIDTH + (bar.value() + bar.error()) * scale;
                svg.append(String.format(Locale.ROOT,
                        "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" stroke=\"#222222\" fill=\"none\"/>%n",
                        low, middle, high, low, middle - 4, middle + 4, high, middle - 4, middle + 4));
                end = Math.max(end, high);
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333333\">%s</text>%n",
                    end + 6, middle + 4, escape(Formats.number(bar.value()))));
            y += ROW_HEIGHT;
        }
        return y + PANEL_GAP;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
