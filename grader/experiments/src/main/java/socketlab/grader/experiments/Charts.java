package socketlab.grader.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The experiments' charts, all in one style: white, titled, labelled axes with units, a legend; measurements as
 * points (with error bars where runs repeat), models as lines. Rendered headless to PNG.
 */
final class Charts {

    /** Okabe-Ito colours: told apart by colour-blind readers too. */
    static final Color[] PALETTE = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0x000000)
    };

    static final BasicStroke SOLID = new BasicStroke(2f);
    static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

    static final BasicStroke DOTTED =
            new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        Styler s = chart.getStyler();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBorderColor(new Color(0x999999));
        chart.getStyler().setPlotGridLinesColor(new Color(0xE5E5E5));
        chart.getStyler().setLegendBorderColor(new Color(0xCCCCCC));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setAntiAlias(true);
        s.setChartPadding(8);
        return chart;
    }

    /** Measurements: markers only, with error bars if given (null: none). */
    static XYSeries points(
            XYChart chart, String name, double[] x, double[] y, double[] errors, Color color, Marker marker) {
        XYSeries series = errors == null ? chart.addSeries(name, x, y) : chart.addSeries(name, x, y, errors);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(color);
        series.setLineColor(color);
        return series;
    }

    /** A model or a trend: a line without markers. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(stroke);
        return series;
    }

    /** Measurements joined by a thin line (for a trend that has no model), markers and error bars as usual. */
    static XYSeries joined(
            XYChart chart, String name, double[] x, double[] y, double[] errors, Color color, Marker marker) {
        XYSeries series = errors == null ? chart.addSeries(name, x, y) : chart.addSeries(name, x, y, errors);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(marker);
        series.setMarkerColor(color);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(1f));
        return series;
    }

    static void save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Several charts side by side in one PNG, under a common title. */
    static void saveRow(List<XYChart> charts, String title, Path file) throws IOException {
        List<BufferedImage> images =
                charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        int titleHeight = title == null ? 0 : 34;
        int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(0) + titleHeight;
        BufferedImage row = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = row.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        if (title != null) {
            g.setColor(Color.BLACK);
            int size = 17;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            while (g.getFontMetrics().stringWidth(title) > width - 16 && size > 9) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, --size));
            }
            int w = g.getFontMetrics().stringWidth(title);
            g.drawString(title, (width - w) / 2, 24);
        }
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, titleHeight, null);
            x += image.getWidth();
        }
        g.dispose();
        ImageIO.write(row, "png", file.toFile());
    }

    static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
