using System.Globalization;
using System.Text;
using CellDino.Core;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Probes;
using CellDino.Eval.Protocols;
using CellDino.Eval.Visualization;
using static TorchSharp.torch;

namespace CellDino.Cli.Demo;

/// <summary>Writes the demo's report.md, its table and its pictures (each PNG with the CSV behind it).</summary>
internal static class DemoReport
{
    public static DemoResult Write(DemoOptions options, CellDinoConfig config, CellDinoTrainer trainer,
        IReadOnlyDictionary<string, (EmbeddingSet Train, EmbeddingSet Validation, EmbeddingSet Test)> embedded,
        IReadOnlyList<ProtocolScore> scores, IReadOnlyList<TrainingProgress> losses, IReadOnlyDictionary<string, IReadOnlyList<LowShotCurve>> lowShot,
        IMicroscopyDataset test, TimeSpan elapsed)
    {
        string dir = options.OutputDirectory;
        string P(string file) => Path.Combine(dir, file);
        var classNames = test.ClassNames;

        // Training curves.
        int n = losses.Count, tenth = Math.Max(1, n / 10);
        double first = losses.Take(tenth).Average(l => l.Loss), last = losses.Skip(n - tenth).Average(l => l.Loss);
        var x = losses.Select(l => (double)l.Iteration).ToArray();
        var series = new List<LineSeries> { new("total", x, losses.Select(l => l.Loss).ToArray()) };
        foreach (var key in new[] { "dino_local_crops_loss", "dino_global_crops_loss", "ibot_loss", "koleo_loss" })
            if (losses.All(l => l.Terms.ContainsKey(key))) series.Add(new LineSeries(key, x, losses.Select(l => l.Terms[key]).ToArray()));
        LinePlot.Write(P("training_curves.png"), series, new PlotStyle { Title = "Cell-DINO pretraining loss", XLabel = "iteration", YLabel = "loss" });

        // Training health: teacher entropy against its ceiling ln K (uniform collapse sits on the ln K line).
        var healthy = losses.Where(l => l.Health is not null).ToList();
        var hx = healthy.Select(l => (double)l.Iteration).ToArray();
        LinePlot.Write(P("teacher_entropy.png"),
        [
            new LineSeries("teacher entropy", hx, healthy.Select(l => l.Health!.TeacherEntropy).ToArray()),
            new LineSeries("batch-mean teacher entropy", hx, healthy.Select(l => l.Health!.BatchMeanTeacherEntropy).ToArray()),
            new LineSeries("ln K (uniform targets)", hx, healthy.Select(l => l.Health!.LogPrototypes).ToArray()),
        ], new PlotStyle { Title = "Teacher entropy vs ln K", XLabel = "iteration", YLabel = "nats" });
        var verdict = LearningVerdict.Judge(losses, scores, DemoRunner.CellDino, DemoRunner.RandomInit);

        // UMAP of the Cell-DINO test embeddings, by localization (first label) and by cell line.
        var cd = embedded[DemoRunner.CellDino].Test;
        var points = Umap.FitTransform(cd, new UmapOptions { Metric = UmapMetric.Cosine, Seed = options.Seed });
        ScatterPlot.Write(P("umap_localization.png"), points, cd.Metadata.Select(m => m.Labels.Count > 0 ? classNames[m.Labels[0]] : "none").ToArray(),
            new PlotStyle { Title = "UMAP, Cell-DINO, by localization" });
        ScatterPlot.Write(P("umap_cell_line.png"), points, cd.Metadata.Select(m => m.CellLine ?? "?").ToArray(),
            new PlotStyle { Title = "UMAP, Cell-DINO, by cell line" });

        // Similarity matrix of test embeddings sorted by localization.
        Heatmap.WriteCosineSimilarity(P("similarity.png"), cd.Subset(Enumerable.Range(0, Math.Min(cd.Count, 200)).ToArray()),
            cd.Metadata.Take(Math.Min(cd.Count, 200)).Select(m => m.Labels.Count > 0 ? classNames[m.Labels[0]] : "none").ToArray(),
            new PlotStyle { Title = "Cosine similarity, sorted by localization" });

        // F1 bar chart (protein localization, macro F1 per classifier and feature set).
        var featureNames = embedded.Keys.ToArray();
        var classifiers = scores.Select(s => s.Classifier).Distinct().ToArray();
        var loc = scores.Where(s => s.Task == EvaluationTask.LocalizationName).ToArray();
        var values = new double[classifiers.Length, featureNames.Length];
        for (int c = 0; c < classifiers.Length; c++)
            for (int f = 0; f < featureNames.Length; f++)
                values[c, f] = loc.FirstOrDefault(s => s.Classifier == classifiers[c] && s.Features == featureNames[f])?.MacroF1 * 100 ?? 0;
        BarChart.Write(P("f1_localization.png"), classifiers.Select(c => c.ToString()).ToArray(), featureNames, values, null, new PlotStyle { Title = "Localization macro F1 (test)", YLabel = "macro F1 x 100" });

        // Low-shot curves.
        if (lowShot.Count > 0)
            LinePlot.Write(P("low_shot.png"), lowShot.Select(kv => new LineSeries(kv.Key, kv.Value.Select(c => c.Fraction * 100).ToArray(),
                kv.Value.Select(c => c.Mean * 100).ToArray(), kv.Value.Select(c => c.Std * 100).ToArray())).ToList(),
                new PlotStyle { Title = "Low-shot linear probe, localization", XLabel = "% of training labels", YLabel = "macro F1 x 100" }, logX: true);

        // Patch-feature PCA maps of a few test fields (as the paper's Fig 9).
        var maps = new List<string>();
        var patchEmbedder = new Embedder(trainer.TeacherBackbone, new EmbedderOptions { Device = trainer.Device });
        for (int i = 0; i < Math.Min(3, test.Count); i++)
        {
            var image = test.Get(i).Image;
            var file = $"patch_features_{i}.png";
            // At least 256 px tall (integer upscaling, patch borders stay sharp): a 64 px field drawn 1:1 is a thumbnail.
            int zoom = Math.Max(1, (256 + image.Height - 1) / image.Height);
            PatchFeatureMap.Write(P(file), patchEmbedder.EmbedPatchTokens(image), image.Height * zoom, image.Width * zoom, ToChw(image));
            maps.Add(file);
        }

        // The table and report.md.
        var table = Table(scores);
        var sb = new StringBuilder();
        sb.AppendLine("# CellDino demo report").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalMinutes:F1} min on {trainer.Device}. ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Synthetic HPA-like fields ({options.ImageSize} px, 4 channels, {classNames.Count} localization classes, 3 cell lines): " +
                      $"{options.TrainImages} for pretraining and probe training, {options.ValidationImages} for probe selection, {options.TestImages} held out for every score.").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Pretraining: {trainer.Iteration} iterations of Cell-DINO (DINO + iBOT + KoLeo, EMA teacher, 2 global {config.Crops.GlobalCropsSize} px + " +
                      $"{config.Crops.LocalCropsNumber} local {config.Crops.LocalCropsSize} px crops), ViT depth {trainer.TeacherBackbone.Depth}, dim {trainer.TeacherBackbone.EmbedDim}, patch {config.Student.PatchSize}, batch {config.Train.BatchSizePerGpu}. " +
                      $"Loss {first:F3} (first 10%) → {last:F3} (last 10%). Embeddings: teacher class token at the full field size (position embedding interpolated).").AppendLine();
        sb.AppendLine(verdict.Learned ? "## Verdict: Cell-DINO learned" : "## Verdict: did not learn").AppendLine();
        sb.AppendLine(verdict.Sentence).AppendLine();
        sb.AppendLine(HealthLine(healthy)).AppendLine();
        sb.AppendLine(verdict.Learned
            ? "## Results (test fields; macro F1 x 100, the paper's metric; multi-label localization at threshold 0.5)"
            : "## Scores of a run that did not learn (for diagnosis only; macro F1 x 100)").AppendLine();
        sb.AppendLine(table);
        sb.AppendLine(Verdict(scores)).AppendLine();
        sb.AppendLine("## Pictures").AppendLine();
        sb.AppendLine("- Training curves: ![training curves](training_curves.png)");
        sb.AppendLine("- Teacher entropy against ln K: ![teacher entropy](teacher_entropy.png)");
        sb.AppendLine("- UMAP by localization: ![umap](umap_localization.png)");
        sb.AppendLine("- UMAP by cell line: ![umap](umap_cell_line.png)");
        sb.AppendLine("- Localization F1: ![f1](f1_localization.png)");
        if (lowShot.Count > 0) sb.AppendLine("- Low-shot curve: ![low shot](low_shot.png)");
        sb.AppendLine("- Similarity matrix: ![similarity](similarity.png)");
        foreach (var m in maps) sb.AppendLine(CultureInfo.InvariantCulture, $"- Patch-feature PCA map: ![patch features]({m})");
        sb.AppendLine().AppendLine("Each PNG has a CSV of the same name with the data behind it. `training_log.csv` has every step's losses and health signals. `teacher_backbone.safetensors` holds the trained backbone under DINOv2's key names; `scores.csv` holds every score.");
        var reportPath = P("report.md");
        AtomicFile.WriteAllText(P("scores.csv"), ProtocolScoreTable.Csv(scores));
        AtomicFile.WriteAllText(reportPath, sb.ToString());
        return new DemoResult(scores, reportPath, table, first, last, verdict);
    }

    internal static string Table(IReadOnlyList<ProtocolScore> scores)
    {
        var features = scores.Select(s => s.Features).Distinct().ToArray();
        var sb = new StringBuilder();
        sb.AppendLine("| task | classifier | " + string.Join(" | ", features) + " |");
        sb.AppendLine("|---|---|" + string.Concat(features.Select(_ => "---:|")));
        foreach (var g in scores.GroupBy(s => (s.Task, s.Classifier)))
            sb.AppendLine($"| {g.Key.Task} | {g.Key.Classifier} | " + string.Join(" | ", features.Select(f => g.FirstOrDefault(s => s.Features == f) is { } s ? F(s.MacroF1 * 100, "F1") : "")) + " |");
        return sb.ToString();
    }

    private static string Verdict(IReadOnlyList<ProtocolScore> scores)
    {
        var lines = new List<string>();
        foreach (var g in scores.Where(s => s.Task == EvaluationTask.LocalizationName).GroupBy(s => s.Classifier))
        {
            double cd = g.FirstOrDefault(s => s.Features == DemoRunner.CellDino)?.MacroF1 ?? double.NaN;
            double best = g.Where(s => s.Features != DemoRunner.CellDino).Select(s => s.MacroF1).DefaultIfEmpty(double.NaN).Max();
            lines.Add($"{g.Key}: Cell-DINO {cd * 100:F1} vs best baseline {best * 100:F1} ({(cd > best ? "Cell-DINO better" : "baseline better")})");
        }
        return "Protein localization: " + string.Join("; ", lines) + ".";
    }

    private static string HealthLine(IReadOnlyList<TrainingProgress> steps)
    {
        if (steps.Count == 0) return "No health signals were recorded.";
        var tail = steps.Skip(steps.Count - Math.Max(1, steps.Count / 10)).Select(s => s.Health!).ToList();
        var rank = steps.Select(s => s.Health!.EffectiveRank).LastOrDefault(r => r is not null);
        var warnings = steps.Where(s => s.Collapse is not null).Select(s => s.Collapse!.Message).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"Training health over the last 10% of steps: teacher entropy {tail.Min(h => h.TeacherEntropy):F2}-{tail.Max(h => h.TeacherEntropy):F2} (ln K = {tail[0].LogPrototypes:F2}), " +
            $"batch-mean teacher entropy {tail.Average(h => h.BatchMeanTeacherEntropy):F2}, student-teacher KL {tail.Average(h => h.StudentTeacherKl):F3}, " +
            $"class-token std x sqrt(D) {tail.Average(h => h.RelativeTeacherClsStd):F3}, effective rank {rank:F1}, center norm {tail.Average(h => h.CenterNorm):F3}. ") +
            (warnings.Count == 0 ? "No collapse warning." : "Collapse warnings: " + string.Join(" ", warnings));
    }

    private static float[,,] ToChw(MicroscopyImage image)
    {
        var r = new float[image.Channels, image.Height, image.Width];
        image.Pixels.AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref r[0, 0, 0], r.Length));
        return r;
    }

    private static string F(double v, string format = "R") => double.IsNaN(v) ? "" : v.ToString(format == "R" ? "0.######" : "F1", CultureInfo.InvariantCulture);
}
