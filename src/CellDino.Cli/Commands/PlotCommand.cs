using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Eval.Embedding;
using CellDino.Eval.Integration;
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
            var set = EmbeddingShards.Read(r.GetValue(embeddings)!).EvenlySpaced(Math.Max(2, r.GetValue(max)));
            var t = task.Create(r, set.Metadata, r.GetValue(embeddings)!);
            var labels = set.Metadata.Select(t.LabelText).ToArray();
            if (kind == "similarity")
            {
                Heatmap.WriteCosineSimilarity(r.GetValue(output)!, set, labels, new PlotStyle { Title = $"Cosine similarity sorted by {t.Name}" });
            }
            else
            {
                if (r.GetValue(harmonize) is { } by) set = Harmony.Run(set, by);
                var points = Umap.FitTransform(set, new UmapOptions { Metric = UmapMetric.Cosine });
                ScatterPlot.Write(r.GetValue(output)!, points, labels, new PlotStyle { Title = $"UMAP coloured by {t.Name}" });
            }
            context.Out.WriteLine($"Wrote {r.GetValue(output)} and {PlotStyle.CsvPathFor(r.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }
}
