using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Eval.Embedding;
using CellDino.Eval.Integration;
using CellDino.Eval.Protocols;
using CellDino.Eval.Visualization;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino plot umap|similarity</c>: pictures of embeddings (PNG plus the CSV behind it).</summary>
internal static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("plot", "Pictures of embeddings: UMAP coloured by any metadata (optionally after Harmony), or a cosine similarity matrix sorted by label.");
        foreach (var kind in new[] { "umap", "similarity" }) command.Subcommands.Add(Sub(context, kind));
        return command;
    }

    private static Command Sub(CliContext context, string kind)
    {
        var embeddings = new Option<string>("--embeddings") { Description = "Embedding folder.", Required = true };
        var output = new Option<string>("--out") { Description = "PNG file (a CSV with the data is written beside it).", Required = true };
        var harmonize = new Option<string?>("--harmonize-by") { Description = "Run Harmony over this grouping (plate, cell-line, ...) before UMAP, as the paper does for HPA." };
        var max = new Option<int>("--max-points") { Description = "Use at most this many embeddings (evenly spaced).", DefaultValueFactory = _ => 5000 };
        var task = new TaskOptions();
        var command = new Command(kind, kind == "umap"
            ? "UMAP (cosine) of embeddings coloured by --task.\n\nExample:\n  celldino plot umap --embeddings emb/hpa --task localization --harmonize-by plate --out umap.png"
            : "Cosine similarity of embeddings sorted by --task.\n\nExample:\n  celldino plot similarity --embeddings emb/cp --task moa --out sim.png") { embeddings, output, max };
        if (kind == "umap") command.Options.Add(harmonize);
        task.AddTo(command);
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            var set = EmbeddingShards.Read(r.GetValue(embeddings)!);
            int limit = Math.Max(2, r.GetValue(max));
            if (set.Count > limit) set = set.Subset(Enumerable.Range(0, limit).Select(i => (int)((long)i * set.Count / limit)).ToArray());
            var t = task.Create(r, set.Metadata, r.GetValue(embeddings)!);
            var labels = set.Metadata.Select(m => TaskOptions.LabelOf(t, m)).ToArray();
            var x = Classification.ToMatrix(set);
            if (kind == "similarity")
            {
                Heatmap.WriteCosineSimilarity(r.GetValue(output)!, x, labels, new PlotStyle { Title = $"Cosine similarity sorted by {t.Name}" });
            }
            else
            {
                if (r.GetValue(harmonize) is { } by)
                {
                    var groupTask = EvaluationTask.FromColumn(by, set.Metadata, m => by switch
                    {
                        "plate" => m.Plate, "cell-line" => m.CellLine, "well" => m.Well, "treatment" => m.Treatment,
                        _ => m.Extra.TryGetValue(by, out var v) ? v : null,
                    });
                    var data = new double[set.Count, set.Dim];
                    for (int i = 0; i < set.Count; i++) for (int j = 0; j < set.Dim; j++) data[i, j] = x[i, j];
                    var corrected = Harmony.Run(data, set.Metadata.Select(m => groupTask.LabelsOf(m)[0]).ToArray()).Corrected;
                    for (int i = 0; i < set.Count; i++) for (int j = 0; j < set.Dim; j++) x[i, j] = (float)corrected[i, j];
                }
                var points = Umap.FitTransform(x, new UmapOptions { Metric = UmapMetric.Cosine });
                ScatterPlot.Write(r.GetValue(output)!, points, labels, new PlotStyle { Title = $"UMAP coloured by {t.Name}" });
            }
            context.Out.WriteLine($"Wrote {r.GetValue(output)} and {PlotStyle.CsvPathFor(r.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }
}
