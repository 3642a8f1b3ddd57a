using CellDino.Cli;
using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Data.Synthetic;
using Xunit;

namespace CellDino.Cli.Tests;

/// <summary>The reader options a lab's files need, reached from the command line through the library registries.</summary>
public sealed class CliReaderOptionsTests() : CliTestFolder("celldino-cli-readers-")
{
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
        SyntheticDatasetWriter.WriteHpa(new SyntheticConfig { Height = 64, Width = 64, Seed = 2 }, 6, P("hpa"));
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
    public void Compound_tables_and_control_treatments_reach_the_plate_map_join()
    {
        SyntheticDatasetWriter.WriteCellPainting(new SyntheticConfig { Kind = SyntheticKind.CellPainting, Height = 32, Width = 32, Seed = 3 }, 8, P("cp"));
        // A lab plate map with treatments only: the MoA comes from a compound table, the controls are named.
        var map = File.ReadAllLines(P("cp/platemap.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        File.WriteAllLines(P("cp/platemap.csv"), ["well,condition", .. map.Select(f => $"{f[0]},{f[1]}")]);
        var treatments = map.Select(f => f[1]).Distinct().ToArray();
        var control = treatments[0];
        File.WriteAllLines(P("compounds.csv"), ["compound,moa", .. treatments.Skip(1).Select(t => $"{t},moa of {t}")]);
        var cp = OfficialBackbone(5);
        var run = Run(Embed(cp, 5, "cpemb", "--layout", "cellpainting", "--data", P("cp"), "--compounds", P("compounds.csv"), "--controls", control));
        Assert.True(run.Code == 0, run.Err);
        var back = Eval.Embedding.EmbeddingShards.Read(P("cpemb"));
        Assert.All(back.Metadata, m => Assert.Equal(m.Treatment == control, m.IsControl));
        Assert.All(back.Metadata.Where(m => m.Treatment != control), m => Assert.Equal($"moa of {m.Treatment}", m.MechanismOfAction));
        Assert.Contains(back.Metadata, m => m.IsControl);
        // Without the options: DMSO is the default control and the map has no MoA.
        var plain = Run(Embed(cp, 5, "cpemb2", "--layout", "cellpainting", "--data", P("cp")));
        Assert.True(plain.Code == 0, plain.Err);
        Assert.All(Eval.Embedding.EmbeddingShards.Read(P("cpemb2")).Metadata, m => Assert.Null(m.MechanismOfAction));
        // Where there is no plate map to join, the options are refused, not ignored.
        var hpa = Run(Embed(cp, 5, "x1", "--data", "4", "--layout", "synthetic-hpa", "--compounds", P("compounds.csv")));
        Assert.Equal(2, hpa.Code);
        Assert.Contains("does not apply to the synthetic-hpa layout", hpa.Err);
        File.WriteAllLines(P("nomoa.csv"), ["compound,dose", "a,1"]);
        var bad = Run(Embed(cp, 5, "x2", "--layout", "cellpainting", "--data", P("cp"), "--compounds", P("nomoa.csv")));
        Assert.Equal(2, bad.Code);
        Assert.Contains("nomoa.csv", bad.Err);
        Assert.Contains("mechanism-of-action column", bad.Err);
    }

    [Fact]
    public void Cell_masking_and_the_smallest_cell_are_set_from_the_command_line()
    {
        SyntheticDatasetWriter.WriteHpa(new SyntheticConfig { Height = 64, Width = 64, Seed = 4 }, 3, P("hpa"));
        var rgby = OfficialBackbone(4);
        // Instance sizes from the masks themselves: a threshold at the median keeps exactly the cells at or above it.
        var sizes = Directory.GetFiles(P("hpa/masks"), "*_predictedmask.png").SelectMany(f =>
            Data.Imaging.ImageIO.ReadGrayscale(f).Pixels.Where(v => v > 0).GroupBy(v => v).Select(g => g.Count())).Order().ToArray();
        int threshold = sizes[sizes.Length / 2];
        int kept = sizes.Count(n => n >= threshold);
        Assert.True(kept < sizes.Length);
        var all = Run(Embed(rgby, 4, "c0", "--layout", "hpa-single-cell", "--data", P("hpa"), "--cell-size", "32"));
        Assert.True(all.Code == 0, all.Err);
        Assert.Contains($"Embedded {sizes.Length} images", all.Out);
        var big = Run(Embed(rgby, 4, "c1", "--layout", "hpa-single-cell", "--data", P("hpa"), "--cell-size", "32", "--min-cell-pixels", threshold.ToString()));
        Assert.True(big.Code == 0, big.Err);
        Assert.Contains($"Embedded {kept} images", big.Out);

        // Zeroing nothing, other cells or everything outside the cell gives other pixels, so other embeddings.
        var none = Run(Embed(rgby, 4, "m0", "--layout", "hpa-single-cell", "--data", P("hpa"), "--cell-size", "32", "--cell-masking", "none"));
        var outside = Run(Embed(rgby, 4, "m1", "--layout", "hpa-single-cell", "--data", P("hpa"), "--cell-size", "32", "--cell-masking", "outside-cell"));
        Assert.True(none.Code == 0 && outside.Code == 0, none.Err + outside.Err);
        float[] Features(string dir) => Eval.Embedding.EmbeddingShards.Read(P(dir)).Features;
        Assert.NotEqual(Features("m0"), Features("m1"));
        Assert.NotEqual(Features("c0"), Features("m1"));
        var unknown = Run(Embed(rgby, 4, "m2", "--layout", "hpa-single-cell", "--data", P("hpa"), "--cell-masking", "cells"));
        Assert.Equal(2, unknown.Code);
        Assert.Contains("outside-cell", unknown.Err);
        var fields = Run(Embed(rgby, 4, "m3", "--data", P("hpa"), "--cell-masking", "none"));
        Assert.Equal(2, fields.Code);
        Assert.Contains("does not apply to the hpa-kaggle layout", fields.Err);
    }

    [Fact]
    public void The_cell_dino_png_layouts_take_id_labels_class_and_channel_options()
    {
        Directory.CreateDirectory(P("png"));
        var rows = new List<string> { "file,sample,classes" };
        for (int i = 0; i < 4; i++)
        {
            var px = Enumerable.Range(0, 4 * 32 * 32).Select(k => (float)((k * (i + 3)) % 251)).ToArray();
            Data.Imaging.ImageIO.WritePng(P($"png/{i}.png"), new Data.Samples.MicroscopyImage(["a", "b", "c", "d"], 32, 32, px, 8));
            rows.Add($"png/{i}.png,cell-{i},{i % 3}|8");
        }
        File.WriteAllLines(P("list.csv"), rows);
        var rgba = OfficialBackbone(4);
        var run = Run(Embed(rgba, 4, "pe", "--layout", "celldino-png", "--data", P("list.csv"), "--id-column", "sample", "--labels-column", "classes",
            "--class-names", "synthetic", "--channels", "mt,protein,nucleus,er"));
        Assert.True(run.Code == 0, run.Err);
        var back = Eval.Embedding.EmbeddingShards.Read(P("pe"));
        Assert.Equal(["cell-0", "cell-1", "cell-2", "cell-3"], back.Metadata.Select(m => m.Id));
        Assert.Equal([1, 8], back.Metadata[1].Labels);
        Assert.Equal(SyntheticClasses.Names, Eval.Embedding.EmbeddingFolder.ClassNames(P("pe")));
        // Options the files cannot satisfy are errors, not silently dropped.
        var three = Run(Embed(rgba, 4, "p1", "--layout", "celldino-png", "--data", P("list.csv"), "--channels", "a,b,c"));
        Assert.Equal(2, three.Code);
        Assert.Contains("expected 3 channels", three.Err);
        var noNames = Run(Embed(rgba, 4, "p2", "--layout", "celldino-png", "--data", P("list.csv"), "--labels-column", "classes"));
        Assert.Equal(2, noNames.Code);
        Assert.Contains("'classes'", noNames.Err);
        Assert.Contains("class names", noNames.Err);
        var labels = Run(Embed(rgba, 4, "p3", "--layout", "celldino-png", "--data", P("list.csv"), "--labels", P("list.csv")));
        Assert.Equal(2, labels.Code);
        Assert.Contains("does not apply to the celldino-png layout", labels.Err);
        var missing = Run(Embed(rgba, 4, "p4", "--layout", "celldino-png", "--data", P("list.csv"), "--id-column", "name"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("'name'", missing.Err);
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
