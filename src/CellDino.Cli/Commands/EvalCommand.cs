using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Core;
using CellDino.Eval.Embedding;
using CellDino.Eval.Probes;
using CellDino.Eval.Protocols;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino eval knn|linear|mlp|lowshot</c>: classification protocols on embedding folders.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("eval", "Evaluate embeddings (folders written by `celldino embed`) with Cell-DINO's protocols; scores are macro F1 (over the classes --labels picks), micro F1, accuracy and macro AP on --test, x100.");
        foreach (var kind in new[] { "knn", "linear", "mlp", "lowshot" }) command.Subcommands.Add(Sub(context, kind));
        return command;
    }

    private static Command Sub(CliContext context, string kind)
    {
        var train = new Option<string>("--train") { Description = "Embedding folder of the training samples.", Required = true };
        var test = new Option<string>("--test") { Description = "Embedding folder of the test samples.", Required = true };
        var val = new Option<string?>("--val") { Description = "Embedding folder for probe selection (default: 20% of --train, stratified)." };
        var k = new Option<int[]>("--k") { Description = "Neighbours (kNN); several allowed.", DefaultValueFactory = _ => [1], AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Seed of splits and probes.", DefaultValueFactory = _ => 0 };
        var device = DeviceOption.Create();
        var output = new Option<string?>("--out") { Description = "CSV file for the scores." };
        var task = new TaskOptions();
        var command = new Command(kind, kind switch
        {
            "knn" => "kNN on L2-normalized embeddings (softmax(sim/0.07) votes; Cell-DINO uses k = 1).\n\nExample (folders of docs/cli.md's sequence):\n  celldino eval knn --train emb/hpa --test emb/hpa-test --task localization --k 1 10",
            "linear" => "The DINOv2 linear-probe grid (16 lr x 3 wd), best on --val.\n\nExample (folders of docs/cli.md's sequence):\n  celldino eval linear --train emb/hpa --test emb/hpa-test --task cell-line",
            "mlp" => "The MLP classifier (512-256, dropout 0.5).\n\nExample (folders of docs/cli.md's sequence):\n  celldino eval mlp --train emb/hpa --test emb/hpa-test --labels all",
            _ => "Low-shot curve: the linear probe on 1-100% of the training labels, several seeds, mean +/- std.\n\nExample (folders of docs/cli.md's sequence):\n  celldino eval lowshot --train emb/hpa --test emb/hpa-test --out lowshot.csv",
        }) { train, test, val, k, seed, device, output };
        task.AddTo(command, scoring: true);
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            ThreadingPolicy.Apply(); // libtorch and the decoders share the cores without oversubscribing them
            var trainSet = EmbeddingShards.Read(r.GetValue(train)!);
            var testSet = EmbeddingShards.Read(r.GetValue(test)!);
            if (SplitLeakage.Find(trainSet, testSet).Warning("--train", "--test") is { } leak) context.Err.WriteLine($"celldino: warning: {leak}");
            var t = task.Create(r, trainSet.Metadata.Concat(testSet.Metadata), r.GetValue(train)!, r.GetValue(test)!);
            EmbeddingSet valSet;
            if (r.GetValue(val) is { } v) valSet = EmbeddingShards.Read(v);
            else if (kind != "knn") (trainSet, valSet) = Classification.SplitValidation(trainSet, t, r.GetValue(seed));
            else valSet = trainSet;
            var dev = Devices.Parse(r.GetValue(device));
            string csv;
            if (kind == "lowshot")
            {
                var curve = Classification.LowShotLinear(trainSet, valSet, testSet, t, new LowShotOptions(), new LinearProbeOptions { Seed = r.GetValue(seed), Device = dev });
                csv = ProtocolScoreTable.LowShotCsv(curve);
                foreach (var c in curve) context.Out.WriteLine(ProtocolScoreTable.Line(c));
            }
            else
            {
                var scores = kind switch
                {
                    "knn" => Classification.Knn(trainSet, testSet, t, "embeddings", r.GetValue(k)!).ToList(),
                    "linear" => [Classification.Linear(trainSet, valSet, testSet, t, "embeddings", new LinearProbeOptions { Seed = r.GetValue(seed), Device = dev })],
                    _ => [Classification.Mlp(trainSet, valSet, testSet, t, "embeddings", new MlpProbeOptions { Seed = r.GetValue(seed), Device = dev })],
                };
                csv = ProtocolScoreTable.Csv(scores);
                foreach (var s in scores) context.Out.WriteLine(ProtocolScoreTable.Line(s));
            }
            if (r.GetValue(output) is { } o) AtomicFile.WriteAllText(o, csv);
            return 0;
        }));
        return command;
    }
}
