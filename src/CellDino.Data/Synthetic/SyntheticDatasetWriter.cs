using System.Globalization;
using System.Text;
using CellDino.Core;

namespace CellDino.Data.Synthetic;

/// <summary>
/// Writes synthetic fields to disk in the layouts real data comes in: the Kaggle HPA layout
/// (one grayscale PNG per channel + <c>train.csv</c>) and the Cell Painting layout (one 16-bit TIFF
/// per channel + a CellProfiler LoadData CSV + a plate map). Every file is written atomically.
/// </summary>
public static class SyntheticDatasetWriter
{
    /// <summary>
    /// The on-disk layouts the writer writes, by the name <c>celldino synth --layout</c> takes: <c>hpa</c> (the Kaggle HPA
    /// layout, read back with the <c>hpa-kaggle</c> dataset layout) and <c>cellpainting</c> (LoadData CSV, read back with
    /// <c>cellpainting</c>); each value's description names what one sample of it is.
    /// </summary>
    public static EnumNames<SyntheticKind> Layouts { get; } = new(
        ("hpa", SyntheticKind.HpaFieldOfView, "HPA fields of view"), ("cellpainting", SyntheticKind.CellPainting, "Cell Painting sites"));

    /// <summary>
    /// Writes samples 0..<paramref name="count"/>-1 of <paramref name="config"/> in the layout of its kind:
    /// <see cref="WriteHpa"/> or <see cref="WriteCellPainting"/>.
    /// </summary>
    /// <param name="config">What to paint; its <see cref="SyntheticConfig.Kind"/> picks the layout.</param>
    /// <param name="count">Number of fields (sites).</param>
    /// <param name="root">Output directory (created).</param>
    /// <param name="bitDepth">HPA PNG bit depth, 8 or 16 (Cell Painting TIFFs are always 16-bit).</param>
    /// <exception cref="ArgumentException">An invalid config or bit depth.</exception>
    public static void Write(SyntheticConfig config, int count, string root, int bitDepth = 8)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Kind == SyntheticKind.CellPainting) WriteCellPainting(config, count, root);
        else WriteHpa(config, count, root, bitDepth);
    }

    /// <summary>Kaggle HPA file suffixes in channel order (microtubules, protein, nucleus, er).</summary>
    public static IReadOnlyList<string> HpaSuffixes { get; } = new[] { "red", "green", "blue", "yellow" };

    /// <summary>
    /// Writes HPA fields 0..<paramref name="count"/>-1 under <paramref name="root"/>:
    /// <c>train/{Id}_{red,green,blue,yellow}.png</c>, <c>masks/{Id}_predictedmask.png</c> (the HPA single-cell competition's name) and
    /// <c>masks/{Id}_nuclei.png</c> (16-bit instance ids), <c>train.csv</c> (<c>Id,Target</c> with
    /// space-separated class indices) and <c>metadata.csv</c> (cell line and plate layout).
    /// </summary>
    /// <param name="config">An HPA-kind config (<see cref="SyntheticKind.HpaFieldOfView"/>); field <c>i</c> is the one <see cref="SyntheticDataset"/> paints.</param>
    /// <param name="count">Number of fields.</param>
    /// <param name="root">Output directory (created).</param>
    /// <param name="bitDepth">8 (Kaggle's format; counts / 257) or 16.</param>
    /// <param name="writeMasks">Whether to write the instance masks.</param>
    /// <exception cref="ArgumentException">A config of another kind, or an invalid one.</exception>
    public static void WriteHpa(SyntheticConfig config, int count, string root, int bitDepth = 8, bool writeMasks = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (config.Kind != SyntheticKind.HpaFieldOfView)
            throw new ArgumentException($"WriteHpa needs an HPA-kind config ({nameof(SyntheticKind.HpaFieldOfView)}), got {config.Kind}.", nameof(config));
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), $"Bit depth must be 8 or 16, got {bitDepth}.");
        var generator = new SyntheticCellGenerator(config);
        var train = new StringBuilder("Id,Target\n");
        var meta = new StringBuilder("Id,CellLine,Plate,Well,Site\n");
        for (int i = 0; i < count; i++)
        {
            var f = generator.Generate(i);
            var m = f.Metadata;
            int h = f.Image.Height, w = f.Image.Width;
            for (int c = 0; c < HpaSuffixes.Count; c++)
                GrayscaleFiles.WritePng(Path.Combine(root, "train", $"{m.Id}_{HpaSuffixes[c]}.png"), f.Image.Channel(c), h, w, bitDepth);
            if (writeMasks)
            {
                GrayscaleFiles.WriteMaskPng(Path.Combine(root, "masks", $"{m.Id}_predictedmask.png"), f.CellMask, h, w);
                GrayscaleFiles.WriteMaskPng(Path.Combine(root, "masks", $"{m.Id}_nuclei.png"), f.NucleusMask, h, w);
            }
            train.Append(m.Id).Append(',').AppendJoin(' ', m.Labels).Append('\n');
            meta.Append(CultureInfo.InvariantCulture, $"{m.Id},{m.CellLine},{m.Plate},{m.Well},{m.Site}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(root, "train.csv"), train.ToString());
        AtomicFile.WriteAllText(Path.Combine(root, "metadata.csv"), meta.ToString());
        // Beside train.csv, so readers label the indices with these names rather than the HPA classes.
        AtomicFile.WriteAllText(Path.Combine(root, "classes.csv"),
            "index,name\n" + string.Concat(SyntheticClasses.Names.Select((n, i) => $"{i},{Csv.CsvTable.Escape(n)}\n")));
    }

    /// <summary>
    /// Writes Cell Painting sites 0..<paramref name="count"/>-1 under <paramref name="root"/>:
    /// <c>images/{Plate}/{Plate}_{Well}_s{Site}_{Channel}.tiff</c> (16-bit), <c>masks/{Plate}/..._cells.png</c>,
    /// <c>load_data.csv</c> (CellProfiler LoadData columns <c>FileName_Orig*</c>, <c>PathName_Orig*</c>
    /// for DNA, ER, RNA, AGP, Mito, with paths relative to <paramref name="root"/>, then
    /// <c>Metadata_Plate, Metadata_Well, Metadata_Site, Metadata_CellLine</c>) and <c>platemap.csv</c>
    /// (<c>Metadata_Well, Metadata_Treatment, Metadata_MoA, Metadata_Control</c>).
    /// </summary>
    /// <param name="config">A Cell-Painting-kind config (<see cref="SyntheticKind.CellPainting"/>).</param>
    /// <param name="count">Number of sites.</param>
    /// <param name="root">Output directory (created).</param>
    /// <param name="writeMasks">Whether to write the cell instance masks.</param>
    /// <exception cref="ArgumentException">A config of another kind, or an invalid one.</exception>
    public static void WriteCellPainting(SyntheticConfig config, int count, string root, bool writeMasks = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (config.Kind != SyntheticKind.CellPainting)
            throw new ArgumentException($"WriteCellPainting needs a Cell-Painting-kind config ({nameof(SyntheticKind.CellPainting)}), got {config.Kind}.", nameof(config));
        var generator = new SyntheticCellGenerator(config);
        // CellProfiler's conventional column order; channel planes are looked up by name.
        string[] csvChannels = { "DNA", "ER", "RNA", "AGP", "Mito" };
        var load = new StringBuilder();
        load.AppendJoin(',', csvChannels.Select(c => $"FileName_Orig{c}"))
            .Append(',').AppendJoin(',', csvChannels.Select(c => $"PathName_Orig{c}"))
            .Append(",Metadata_Plate,Metadata_Well,Metadata_Site,Metadata_CellLine\n");
        for (int i = 0; i < count; i++)
        {
            var f = generator.Generate(i);
            var m = f.Metadata;
            int h = f.Image.Height, w = f.Image.Width;
            string rel = $"images/{m.Plate}";
            string stem = $"{m.Plate}_{m.Well}_s{m.Site}";
            var names = new string[csvChannels.Length];
            for (int c = 0; c < csvChannels.Length; c++)
            {
                names[c] = $"{stem}_{csvChannels[c]}.tiff";
                int plane = f.Image.IndexOfChannel(csvChannels[c]);
                GrayscaleFiles.WriteTiff16(Path.Combine(root, rel, names[c]), f.Image.Channel(plane), h, w);
            }
            if (writeMasks) GrayscaleFiles.WriteMaskPng(Path.Combine(root, "masks", m.Plate!, $"{stem}_cells.png"), f.CellMask, h, w);
            load.AppendJoin(',', names).Append(',').AppendJoin(',', Enumerable.Repeat(rel, csvChannels.Length))
                .Append(CultureInfo.InvariantCulture, $",{m.Plate},{m.Well},{m.Site},{m.CellLine}\n");
        }
        var map = new StringBuilder("Metadata_Well,Metadata_Treatment,Metadata_MoA,Metadata_Control\n");
        for (int wi = 0; wi < generator.Config.WellsPerPlate; wi++)
        {
            var t = generator.TreatmentOfWell(wi);
            map.Append(CultureInfo.InvariantCulture, $"{generator.WellName(wi)},{Quote(t.Name)},{Quote(t.MechanismOfAction)},{(t.IsControl ? "true" : "false")}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(root, "load_data.csv"), load.ToString());
        AtomicFile.WriteAllText(Path.Combine(root, "platemap.csv"), map.ToString());
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
