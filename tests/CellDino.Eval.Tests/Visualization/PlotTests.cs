using System.Globalization;
using CellDino.Eval.Visualization;
using CellDino.Eval.Visualization.Rendering;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

public sealed class PlotTests : IDisposable
{
    private readonly PlotFiles files = new();

    public void Dispose() => files.Dispose();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void ScatterDrawsEachPointInItsCategoryColourAndWritesTheCsv()
    {
        var points = new float[,] { { 0, 0 }, { 10, 10 }, { 2, 8 }, { 7, 1 } };
        var cats = new[] { "b", "a", "b", "c" };
        var style = new PlotStyle(400, 300, "UMAP", "UMAP-1", "UMAP-2");
        var path = files.Path_("scatter.png");
        ScatterPlot.Write(path, points, cats, style, pointRadius: 3);

        using var img = PlotFiles.LoadPng(path, 400, 300);
        var (axes, names, index) = ScatterPlot.Layout(points, cats, style);
        Assert.Equal(new[] { "a", "b", "c" }, names);
        for (int i = 0; i < 4; i++)
            Assert.Equal(Palette.Color(index[cats[i]]), img[axes.X(points[i, 0]), axes.Y(points[i, 1])]);
        // Corners of the data range sit inside the frame, away from its edges.
        Assert.InRange(axes.X(0), axes.Left + 5, axes.Right - 5);
        Assert.True(axes.Y(10) < axes.Y(0));
        // Background where there is no point.
        Assert.Equal(Colors.White, img[axes.X(5) + 1, axes.Y(5) + 1]);

        var csv = PlotFiles.ReadCsv(path);
        Assert.Equal(new[] { "x", "y", "category" }, csv[0]);
        Assert.Equal(5, csv.Length);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(points[i, 0], D(csv[i + 1][0]));
            Assert.Equal(points[i, 1], D(csv[i + 1][1]));
            Assert.Equal(cats[i], csv[i + 1][2]);
        }
    }

    [Fact]
    public void ScatterRejectsBadInput()
    {
        var path = files.Path_("bad.png");
        Assert.Throws<ArgumentException>(() => ScatterPlot.Write(path, new float[3, 2], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => ScatterPlot.Write(path, new float[,] { { 0, float.NaN } }, ["a"]));
        Assert.Throws<ArgumentException>(() => ScatterPlot.Write(path, new float[2, 3], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => ScatterPlot.Write(path, new float[2, 2], ["a", "b"], new PlotStyle(10, 10)));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void LinePlotWithBandsAndLogXWritesPngAndCsv()
    {
        var path = files.Path_("lowshot.png");
        var series = new[]
        {
            new LineSeries("Cell-DINO", [0.01, 0.1, 1], [0.5, 0.7, 0.8], [0.02, 0.01, 0.0]),
            new LineSeries("CNN", [0.01, 0.1, 1], [0.3, 0.5, 0.75]),
        };
        LinePlot.Write(path, series, new PlotStyle(500, 350, "Low-shot", "fraction", "F1"), logX: true, ErrorDisplay.Band);
        using var img = PlotFiles.LoadPng(path, 500, 350);
        var colors = PlotFiles.Colors(img);
        Assert.Contains(Palette.Color(0), colors);
        Assert.Contains(Palette.Color(1), colors);
        var csv = PlotFiles.ReadCsv(path);
        Assert.Equal(new[] { "series", "x", "y", "error" }, csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.Equal(new[] { "Cell-DINO", "0.1", "0.7", "0.01" }, csv[2]);
        Assert.Equal(new[] { "CNN", "1", "0.75", "" }, csv[6]);

        var bars = files.Path_("loss.png");
        LinePlot.Write(bars, series, errorDisplay: ErrorDisplay.Bars);
        PlotFiles.LoadPng(bars, 800, 600).Dispose();
    }

    [Fact]
    public void LinePlotRejectsBadInput()
    {
        var path = files.Path_("bad.png");
        Assert.Throws<ArgumentException>(() => LinePlot.Write(path, [new LineSeries("a", [1, 2], [1])]));
        Assert.Throws<ArgumentException>(() => LinePlot.Write(path, [new LineSeries("a", [1, 2], [1, double.NaN])]));
        Assert.Throws<ArgumentException>(() => LinePlot.Write(path, [new LineSeries("a", [0, 2], [1, 2])], logX: true));
        Assert.Throws<ArgumentException>(() => LinePlot.Write(path, [new LineSeries("a", [1, 2], [1, 2], [0.1, -1])]));
        Assert.Throws<ArgumentException>(() => LinePlot.Write(path, []));
    }

    [Fact]
    public void BarChartDrawsEverySeriesColourAndOneCsvRowPerBar()
    {
        var path = files.Path_("f1.png");
        var values = new double[,] { { 0.9, 0.8 }, { 0.6, 0.65 }, { 0.4, 0.2 } };
        var errors = new double[,] { { 0.01, 0.02 }, { 0.03, 0.01 }, { 0, 0 } };
        BarChart.Write(path, ["nucleoplasm", "mitochondria", "golgi"], ["Cell-DINO", "DINO"], values, errors,
            new PlotStyle(600, 400, "Per-class F1", YLabel: "F1"));
        using var img = PlotFiles.LoadPng(path, 600, 400);
        var colors = PlotFiles.Colors(img);
        Assert.Contains(Palette.Color(0), colors);
        Assert.Contains(Palette.Color(1), colors);
        var csv = PlotFiles.ReadCsv(path);
        Assert.Equal(7, csv.Length);
        Assert.Equal(new[] { "mitochondria", "DINO", "0.65", "0.01" }, csv[4]);
        Assert.Throws<ArgumentException>(() => BarChart.Write(path, ["a"], ["s"], new double[2, 1]));
        Assert.Throws<ArgumentException>(() => BarChart.Write(path, ["a"], ["s"], new double[,] { { double.NaN } }));
        Assert.Throws<ArgumentException>(() => BarChart.Write(path, ["a"], ["s"], new double[,] { { 1 } }, new double[,] { { -1 } }));
    }

    [Fact]
    public void HeatmapCellColourBrightensMonotonicallyWithValue()
    {
        var m = new float[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m[i, j] = (i * 4 + j) * (i % 2 == 0 ? 1 : 1.1f);
        var path = files.Path_("heat.png");
        var style = new PlotStyle(300, 260, "M");
        Heatmap.Write(path, m, null, style);
        using var img = PlotFiles.LoadPng(path, 300, 260);
        var layout = Heatmap.Layout(m, null, style, null, null);
        var cells = new List<(float V, double L)>();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                var (x0, y0, x1, y1) = layout.Cell(i, j);
                cells.Add((m[i, j], Colormap.Luminance(img[(x0 + x1) / 2, (y0 + y1) / 2])));
            }
        var sorted = cells.OrderBy(c => c.V).ToList();
        for (int t = 1; t < sorted.Count; t++) Assert.True(sorted[t].L > sorted[t - 1].L, $"luminance not increasing at {sorted[t].V}");
        // Extremes get the ends of viridis.
        Assert.Equal(Colormap.Viridis(0), img[(layout.Cell(0, 0).X0 + layout.Cell(0, 0).X1) / 2, (layout.Cell(0, 0).Y0 + layout.Cell(0, 0).Y1) / 2]);
        var csv = PlotFiles.ReadCsv(path);
        Assert.Equal(17, csv.Length);
        Assert.Equal(m[2, 3], (float)D(csv[1 + 2 * 4 + 3][4]));
    }

    [Fact]
    public void NearlyParallelEmbeddingsStillShowTheirBlocks()
    {
        // A collapsed-looking model: every cosine above 0.999, yet the two labels differ. A fixed [-1, 1] scale paints
        // one colour; scaled to the data, within-label and across-label cells differ and the colour bar names the range.
        var profiles = new float[6, 3];
        for (int i = 0; i < 6; i++) { profiles[i, 0] = 1; profiles[i, 1] = i < 3 ? 0.01f : -0.01f; profiles[i, 2] = 0.001f * i; }
        string[] labels = ["a", "a", "a", "b", "b", "b"];
        var path = files.Path_("parallel.png");
        var style = new PlotStyle(300, 300);
        Heatmap.WriteCosineSimilarity(path, Embeddings.Of(profiles), labels, style);
        using var img = PlotFiles.LoadPng(path, 300, 300);
        var sim = Heatmap.CosineSimilarity(Embeddings.Flat(profiles), 3, [0, 1, 2, 3, 4, 5]);
        double lo = 1, hi = -1;
        for (int a = 0; a < 6; a++) for (int b = 0; b < 6; b++) if (a != b) { lo = Math.Min(lo, sim[a, b]); hi = Math.Max(hi, sim[a, b]); }
        Assert.True(lo > 0.999);
        var layout = Heatmap.Layout(sim, labels, style, lo, hi);
        SixLabors.ImageSharp.PixelFormats.Rgba32 At(int i, int j) { var (x0, y0, x1, y1) = layout.Cell(i, j); return img[(x0 + x1) / 2, (y0 + y1) / 2]; }
        Assert.True(Colormap.Luminance(At(0, 1)) - Colormap.Luminance(At(0, 4)) > 0.3, "within-label cells must be clearly brighter than across-label ones");
    }

    [Fact]
    public void TheSimilarityColourBarNamesItsQuantityInThePngAndTheCsv()
    {
        var profiles = new float[,] { { 1, 0 }, { 0.9f, 0.1f }, { 0, 1 }, { 0.2f, 0.8f } };
        string[] labels = ["a", "a", "b", "b"];
        var path = files.Path_("named.png");
        var style = new PlotStyle(320, 300);
        Heatmap.WriteCosineSimilarity(path, Embeddings.Of(profiles), labels, style);
        using var img = PlotFiles.LoadPng(path, 320, 300);
        var sim = Heatmap.CosineSimilarity(Embeddings.Flat(profiles), 2, [0, 1, 2, 3]);
        double lo = 1, hi = -1;
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) if (a != b) { lo = Math.Min(lo, sim[a, b]); hi = Math.Max(hi, sim[a, b]); }
        var layout = Heatmap.Layout(sim, labels, style, lo, hi, Heatmap.CosineSimilarityName);
        var (x, y) = Heatmap.ColorBarTitleAt(layout, "cosine similarity");
        // The title's glyphs, drawn alone on a blank canvas, are exactly the ink in that strip of the plot.
        using var reference = new Canvas(320, 300, Colors.White);
        reference.TextVertical(x, y, "cosine similarity", Colors.Ink);
        int length = BitmapFont.MeasureWidth("cosine similarity", 1), ink = 0;
        Assert.True(x + BitmapFont.GlyphHeight <= 320 && y + length <= 300, "the title fits on the plot");
        for (int py = y; py < y + length; py++)
            for (int px = x; px < x + BitmapFont.GlyphHeight; px++)
            {
                bool expected = reference.Get(px, py) == Colors.Ink;
                Assert.Equal(expected, img[px, py] == Colors.Ink);
                if (expected) ink++;
            }
        Assert.True(ink > 50, $"{ink} ink pixels");
        Assert.Equal(["row", "col", "row_label", "col_label", "cosine_similarity"], PlotFiles.ReadCsv(path)[0]);
        // A plain heat map names nothing.
        Heatmap.Write(files.Path_("plain.png"), new float[,] { { 0, 1 }, { 1, 0 } }, style: style);
        Assert.Equal("value", PlotFiles.ReadCsv(files.Path_("plain.png"))[0][4]);
    }

    [Fact]
    public void LabelsWithMicroAndGreekLettersRenderReadably()
    {
        Assert.Equal("10 um", BitmapFont.ToAscii("10 µm"));
        Assert.Equal("alpha-tubulin +/- 2 deg", BitmapFont.ToAscii("α-tubulin ± 2 °"));
        Assert.Equal("Zellkern e", BitmapFont.ToAscii("Zellkern é"));
        Assert.Equal(BitmapFont.MeasureWidth("10 um", 1), BitmapFont.MeasureWidth("10 µm", 1));
    }

    [Fact]
    public void CosineSimilarityHeatmapSortsByLabelAndComputesCosines()
    {
        var profiles = new float[,] { { 1, 0, 0 }, { 0, 2, 0 }, { 3, 0, 0.1f }, { 0, 1, 1 } };
        var labels = new[] { "b", "a", "b", "a" };
        var path = files.Path_("sim.png");
        var order = Heatmap.WriteCosineSimilarity(path, Embeddings.Of(profiles), labels, new PlotStyle(300, 300));
        Assert.Equal(new[] { 1, 3, 0, 2 }, order);
        PlotFiles.LoadPng(path, 300, 300).Dispose();
        var csv = PlotFiles.ReadCsv(path);
        // Sorted row 0 is profile 1 (0, 2, 0), sorted col 1 is profile 3 (0, 1, 1): cosine 1/√2.
        var cell = csv.Single(r => r[0] == "0" && r[1] == "1");
        Assert.Equal(new[] { "a", "a" }, cell[2..4]);
        Assert.Equal(1 / Math.Sqrt(2), D(cell[4]), 5);
        var diag = csv.Skip(1).Where(r => r[0] == r[1]).Select(r => D(r[4]));
        Assert.All(diag, v => Assert.Equal(1, v, 5));
        Assert.Throws<ArgumentException>(() => Heatmap.WriteCosineSimilarity(path, Embeddings.Of(profiles), ["a"]));
        var nan = Embeddings.Of(new float[,] { { 1, 0 }, { float.NaN, 1 } });
        Assert.Contains("sample 1", Assert.Throws<ArgumentException>(() => Heatmap.WriteCosineSimilarity(path, nan, ["a", "b"])).Message);
        Assert.Throws<ArgumentException>(() => Heatmap.Write(path, new float[,] { { float.PositiveInfinity } }));
    }

    [Fact]
    public void PaletteStartsWithTab10AndIsDistinct()
    {
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgba32(0x1f, 0x77, 0xb4, 255), Palette.Color(0));
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgba32(0xff, 0x7f, 0x0e, 255), Palette.Color(1));
        Assert.Equal(20, Enumerable.Range(0, 20).Select(Palette.Color).Distinct().Count());
        Assert.Equal(Palette.Color(3), Palette.Color(23));
    }
}
