using CellDino.Cli;
using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Data.Synthetic;
using Xunit;

namespace CellDino.Cli.Tests;

/// <summary>The reader options a lab's files need, reached from the command line through the library registries.</summary>
public sealed class CliReaderOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-cli-readers-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = CliApp.Run(args, stdout, stderr, default);
        return (code, stdout.ToString(), stderr.ToString());
    }

    // An official-style backbone: weights only, so the architecture must come from --arch (the registry).
    private string OfficialBackbone(int inChans)
    {
        var path = P($"official_{inChans}.safetensors");
        using var vit = new VisionTransformer(VitConfig.FromArch("vit_micro", 8, inChans, 32), seed: 1);
        StateDictLoader.Save(vit, path);
        return path;
    }

    private string[] Embed(string checkpoint, int inChans, string output, params string[] data) =>
        ["embed", "--checkpoint", checkpoint, "--arch", "vit_micro", "--patch-size", "8", "--in-chans", inChans.ToString(), "--img-size", "32", "--out", P(output), .. data];

    [Fact]
    public void Single_cells_2021_labels_green_only_fields_and_class_files_go_through_the_cli()
    {
        SyntheticDatasetWriter.WriteHpa(new SyntheticCellGenerator(new SyntheticConfig { Height = 64, Width = 64, Seed = 2 }), 6, P("hpa"));
        var rgby = OfficialBackbone(4);

        // Single cells with the library's mask suffix (what synth writes) from the default masks/ folder.
        var cells = Run(Embed(rgby, 4, "cells", "--layout", "hpa-single-cell", "--data", P("hpa"), "--cell-size", "32"));
        Assert.True(cells.Code == 0, cells.Err);
        Assert.DoesNotContain(" 6 images", cells.Out); // cells, not fields
        var wrongSuffix = Run(Embed(rgby, 4, "cells2", "--layout", "hpa-single-cell", "--data", P("hpa"), "--mask-suffix", "_mask.png"));
        Assert.Equal(2, wrongSuffix.Code);
        Assert.Contains("_mask.png", wrongSuffix.Err);

        // 2021 labels (ID,Label, bars) with their 19-class list from a CSV beside the data.
        var rows = File.ReadAllLines(P("hpa/train.csv")).Skip(1).Select(l => l.Split(',')).Select(f => $"{f[0]},{f[1].Replace(' ', '|')}");
        File.WriteAllLines(P("train_2021.csv"), ["ID,Label", .. rows]);
        File.WriteAllLines(P("classes_2021.csv"), ["index,name", .. Data.Readers.HpaClasses.SingleCell2021Names.Select((n, i) => $"{i},\"{n}\"")]);
        var labelled = Run(Embed(rgby, 4, "emb2021", "--data", P("hpa"), "--labels", P("train_2021.csv"), "--class-names", P("classes_2021.csv")));
        Assert.True(labelled.Code == 0, labelled.Err);
        var knn = Run("eval", "knn", "--train", P("emb2021"), "--test", P("emb2021"), "--task", "localization", "--class-names", P("classes_2021.csv"), "--k", "1");
        Assert.True(knn.Code == 0, knn.Err);
        Assert.DoesNotContain("class", knn.Err); // the list fits: no warning, no error
        // The same samples as test and train, so kNN predicts only classes the samples have: by default macro F1 averages
        // over those; --labels all averages over all 19 of the list, the classes no sample has scoring 0.
        int used = rows.SelectMany(r => r.Split(',')[1].Split('|')).Distinct().Count();
        var all = Run("eval", "knn", "--train", P("emb2021"), "--test", P("emb2021"), "--task", "localization", "--labels", "all", "--k", "1");
        Assert.True(all.Code == 0, all.Err);
        double MacroF1(string output) => double.Parse(System.Text.RegularExpressions.Regex.Match(output, @"macro F1 (\d+\.\d)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(used < 19 && MacroF1(knn.Out) > 0, knn.Out);
        Assert.Equal(MacroF1(knn.Out) * used / 19, MacroF1(all.Out), 0.1);
        // A list too short for the labels: an error naming the list, its size and the classes the samples use.
        File.WriteAllLines(P("two.csv"), ["index,name", "0,Nucleoplasm", "1,Nuclear membrane"]);
        var small = Run("eval", "knn", "--train", P("emb2021"), "--test", P("emb2021"), "--task", "localization", "--class-names", P("two.csv"), "--k", "1");
        Assert.Equal(2, small.Code);
        Assert.Contains($"--class-names {P("two.csv")} (2 classes) does not fit these samples: they use {used} classes", small.Err);
        int lowest = rows.SelectMany(r => r.Split(',')[1].Split('|')).Select(int.Parse).Min();
        Assert.Contains($"({lowest} {Data.Readers.HpaClasses.SingleCell2021Names[lowest]}, ", small.Err); // the stored names

        // Green-only fields (Kaggle 2018 protein channel): a channel subset and a 1-channel model.
        Directory.CreateDirectory(P("green"));
        foreach (var f in Directory.GetFiles(P("hpa/train"), "*_green.png")) File.Copy(f, Path.Combine(P("green"), Path.GetFileName(f)));
        File.Copy(P("hpa/train.csv"), P("green/train.csv"));
        var missing = Run(Embed(OfficialBackbone(1), 1, "g0", "--data", P("green")));
        Assert.Equal(2, missing.Code);
        Assert.Contains("'red'", missing.Err);
        var green = Run(Embed(OfficialBackbone(1), 1, "g1", "--data", P("green"), "--channels", "green"));
        Assert.True(green.Code == 0, green.Err);
        Assert.Contains("6 images", green.Out);
    }

    [Fact]
    public void Unknown_architectures_layouts_and_class_lists_name_what_is_accepted()
    {
        var arch = Run("embed", "--checkpoint", OfficialBackbone(4), "--arch", "vit_huge", "--data", "4", "--layout", "synthetic-hpa", "--out", P("x"));
        Assert.Equal(2, arch.Code);
        foreach (var name in VitConfig.ArchNames) Assert.Contains(name, arch.Err);
        var classes = Run("embed", "--checkpoint", OfficialBackbone(4), "--arch", "vit_micro", "--patch-size", "8", "--img-size", "32",
            "--data", "4", "--layout", "synthetic-hpa", "--class-names", "hpa2021", "--out", P("y"));
        Assert.Equal(2, classes.Code);
        Assert.Contains("hpa-2021", classes.Err);
        var layout = Run("embed", "--checkpoint", "x", "--data", "4", "--layout", "opera", "--out", P("z"));
        Assert.Equal(2, layout.Code);
        Assert.Contains("hpa-single-cell", layout.Err);
    }
}
