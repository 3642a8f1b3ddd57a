using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Core;
using CellDino.Eval.Embedding;
using CellDino.Eval.Profiling;
using CellDino.Eval.Protocols;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino profile</c>: Cell Painting well profiles, sphering and MoA prediction.</summary>
internal static class ProfileCommand
{
    public static Command Create(CliContext context)
    {
        var embeddings = new Option<string>("--embeddings") { Description = "Embedding folder of single cells or sites (with plate, well, site, treatment, MoA, control metadata).", Required = true };
        var output = new Option<string?>("--out") { Description = "Sphered well profiles: a .parquet name writes Parquet (with the embeddings' provenance as key-value metadata), any other name CSV." };
        var method = new Option<string>("--sphering") { Description = "zca-celldino (lambda 1e-5), zca, zca-cor, pca, pca-cor.", DefaultValueFactory = _ => "zca-celldino" };
        method.AcceptOnlyFromAmong([.. Spherize.MethodNames.Names]);
        var seed = new Option<int>("--seed") { Description = "Seed of the compound split and the classifier.", DefaultValueFactory = _ => 0 };
        var command = new Command("profile", "Aggregate embeddings to well profiles (standardize, site median, well mean), sphere on control wells, " +
            "and predict mechanism of action on held-out compounds (micro AUPRC, with a shuffled-label baseline) and treatment; scores x100.\n\n" +
            "Example (docs/cli.md's runnable sequence makes data/cp, runs/cp and emb/cp):\n" +
            "  celldino synth --layout cellpainting --count 48 --size 96 --out data/cp\n  celldino embed --checkpoint runs/cp/teacher_backbone.safetensors --data data/cp --layout cellpainting --out emb/cp\n" +
            "  celldino profile --embeddings emb/cp --out wells.csv\n  celldino profile --embeddings emb/cp --out wells.parquet") { embeddings, output, method, seed };
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            ThreadingPolicy.Apply(); // libtorch and the decoders share the cores without oversubscribing them
            var folder = r.GetValue(embeddings)!;
            var set = EmbeddingShards.Read(folder);
            var result = MoaProtocol.Run(set, new MoaOptions
            {
                Seed = r.GetValue(seed),
                Sphering = Spherize.MethodNames.Parse(r.GetValue(method)!),
            });
            context.Out.WriteLine($"{result.Wells.Count} wells, {result.MoaNames.Count} MoAs, {result.TestCompounds.Count} held-out compounds.");
            context.Out.WriteLine(ProtocolScoreTable.Line(result));
            if (r.GetValue(output) is { } o)
                WellProfileFile.Write(o, result, set, new Dictionary<string, string>(EmbeddingFolder.Provenance(folder)) { ["celldino.sphering"] = r.GetValue(method)! });
            return 0;
        }));
        return command;
    }
}
