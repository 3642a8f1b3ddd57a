using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Core;
using CellDino.Core.Models;
using CellDino.Eval.Embedding;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino embed</c>: embeddings of a dataset, sharded to Parquet or npy + csv.</summary>
internal static class EmbedCommand
{
    public static Command Create(CliContext context)
    {
        var data = new DatasetOptions();
        var model = new ModelOptions();
        var output = new Option<string>("--out") { Description = "Output folder of shards and embeddings.json.", Required = true };
        var format = new Option<string>("--format") { Description = "parquet or npy (npy + csv per shard).", DefaultValueFactory = _ => "parquet" };
        format.AcceptOnlyFromAmong([.. ShardOptions.FormatNames.Names]);
        var shard = new Option<string>("--shard") { Description = "This job's part i/n of the dataset (1-based), for job arrays.", DefaultValueFactory = _ => "1/1" };
        var rows = new Option<int>("--rows-per-shard") { Description = "Rows per shard file.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("embed", "Embed a dataset with a Cell-DINO/DINOv2 backbone; resumable (finished shards are kept) and splittable over machines.\n\nExamples:\n" +
            "  celldino embed --checkpoint runs/tiny/teacher_backbone.safetensors --data data/hpa --out emb/hpa\n" +
            "  celldino embed --checkpoint cell_dino_hpa_vitl16.pth --arch vit_large --patch-size 16 --in-chans 4 --crop 384 \\\n" +
            "      --data data/hpa --features linear --shard 3/8 --out emb/hpa");
        data.AddTo(command);
        model.AddTo(command);
        foreach (var o in new Option[] { output, format, shard, rows }) command.Options.Add(o);
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            ThreadingPolicy.Apply(); // libtorch and the decoders share the cores without oversubscribing them
            var (job, jobs) = ShardOptions.ParseJob(r.GetValue(shard)!);
            using var vit = model.Load(r);
            var embedder = new Embedder(vit, model.EmbedderOptions(r));
            var dataset = data.Open(r, context.Err);
            var bar = new ConsoleProgress(context.Err, "embed", "img");
            var result = EmbeddingShardWriter.Run(embedder, dataset, new ShardOptions
            {
                OutputDirectory = r.GetValue(output)!,
                CheckpointPath = r.GetValue(model.Checkpoint),
                Format = ShardOptions.FormatNames.Parse(r.GetValue(format)!),
                RowsPerShard = r.GetValue(rows),
                JobIndex = job,
                JobCount = jobs,
            }, new SyncProgress<EmbeddingProgress>(p => bar.Report(p.Done, p.Total)), context.Token);
            if (result.ShardsWritten + result.ShardsSkipped == 0)
                context.Err.WriteLine($"celldino: warning: job {job + 1}/{jobs} has no shard to embed: the dataset has only {dataset.Count} image(s).");
            context.Out.WriteLine($"Embedded {result.RowsWritten} images into {result.ShardsWritten} shard(s) ({result.ShardsSkipped} already done) of width {embedder.Dim} in {r.GetValue(output)}.");
            return 0;
        }));
        return command;
    }
}
