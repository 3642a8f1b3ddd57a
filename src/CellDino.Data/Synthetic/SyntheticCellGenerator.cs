using CellDino.Data.Samples;

namespace CellDino.Data.Synthetic;

/// <summary>
/// Paints synthetic microscopy fields: HPA-like 4-channel fields of view (microtubules, protein,
/// nucleus, er) with protein-localization labels, or Cell-Painting-like 5-channel sites (DNA, RNA, ER,
/// AGP, Mito) with treatments and mechanisms of action. Field <c>i</c> is a pure function of the
/// config (including its seed) and <c>i</c>; the generator is immutable and thread-safe.
/// </summary>
internal sealed class SyntheticCellGenerator
{
    private readonly FieldPlanner _planner;

    /// <summary>Creates a generator; throws <see cref="ArgumentException"/> for an invalid config.</summary>
    public SyntheticCellGenerator(SyntheticConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _planner = new FieldPlanner(config);
    }

    /// <summary>The configuration.</summary>
    public SyntheticConfig Config { get; }

    /// <summary>Channel names in plane order for the configured kind.</summary>
    public IReadOnlyList<string> ChannelNames =>
        Config.Kind == SyntheticKind.HpaFieldOfView ? SyntheticClasses.HpaChannels : SyntheticClasses.CellPaintingChannels;

    /// <summary>Localization class names (HPA), or empty for Cell Painting.</summary>
    public IReadOnlyList<string> ClassNames =>
        Config.Kind == SyntheticKind.HpaFieldOfView ? SyntheticClasses.Names : Array.Empty<string>();

    /// <summary>Number of cells field <paramref name="fieldIndex"/> has, without painting it.</summary>
    public int CellCount(int fieldIndex)
    {
        CheckIndex(fieldIndex);
        return _planner.CellCount(fieldIndex);
    }

    /// <summary>Metadata of field <paramref name="fieldIndex"/>, without painting it.</summary>
    public SampleMetadata Describe(int fieldIndex)
    {
        CheckIndex(fieldIndex);
        return _planner.Plan(fieldIndex).Metadata;
    }

    /// <summary>The treatment of well <paramref name="wellInPlate"/> (row-major index) on every plate.</summary>
    public SyntheticTreatment TreatmentOfWell(int wellInPlate)
    {
        if ((uint)wellInPlate >= (uint)Config.WellsPerPlate)
            throw new ArgumentOutOfRangeException(nameof(wellInPlate), $"Well index must be in 0..{Config.WellsPerPlate - 1}, got {wellInPlate}.");
        return _planner.TreatmentOfWell(wellInPlate);
    }

    /// <summary>Name of well <paramref name="wellInPlate"/> (row-major index), e.g. <c>B03</c>.</summary>
    public string WellName(int wellInPlate) => PlateLayout.WellName(Config, wellInPlate);

    /// <summary>Paints field <paramref name="fieldIndex"/>.</summary>
    public SyntheticField Generate(int fieldIndex)
    {
        CheckIndex(fieldIndex);
        var plan = _planner.Plan(fieldIndex);
        int h = Config.Height, w = Config.Width, plane = h * w;
        var channels = ChannelNames;
        var canvas = new FieldCanvas(h, w);
        canvas.Rasterize(plan.Cells);
        var pixels = new float[channels.Count * plane];
        var scratch = new float[plane];
        if (Config.Kind == SyntheticKind.HpaFieldOfView) FieldPainter.PaintHpa(plan, canvas, pixels, scratch);
        else FieldPainter.PaintCellPainting(plan, canvas, pixels, scratch);
        ImageEffects.Apply(pixels, channels.Count, h, w, plan.BatchEffect, Config.NoiseLevel, plan.NoiseSeed, scratch);

        var cells = new SyntheticCell[plan.Cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            var c = plan.Cells[i];
            cells[i] = new SyntheticCell(c.Id, c.Shape.CenterX, c.Shape.CenterY, c.Shape.MeanRadius, c.Area, c.NucleusArea);
        }
        var image = new MicroscopyImage(channels, h, w, pixels, 16);
        return new SyntheticField(image, canvas.Owner, canvas.NucleusOwner, cells, plan.Metadata, plan.BatchEffect);
    }

    private static void CheckIndex(int fieldIndex)
    {
        if (fieldIndex < 0) throw new ArgumentOutOfRangeException(nameof(fieldIndex), $"Field index must be non-negative, got {fieldIndex}.");
    }
}
