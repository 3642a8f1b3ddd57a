using System.Text.Json.Serialization;
using CellDino.Core.Layers;

namespace CellDino.Core.Training.Config;

/// <summary>The <c>student</c> section: backbone architecture.</summary>
public sealed record StudentConfig
{
    /// <summary>Architecture: <c>vit_tiny</c>, <c>vit_small</c>, <c>vit_base</c>, <c>vit_large</c>, <c>vit_giant2</c>.</summary>
    public string Arch { get; init; } = "vit_large";

    /// <summary>Patch side in pixels.</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>Input channels (4 for HPA, 5 for Cell Painting).</summary>
    public int InChans { get; init; } = 4;

    /// <summary>Stochastic depth rate of the student.</summary>
    public double DropPathRate { get; init; } = 0.1;

    /// <summary>Initial LayerScale value (null disables LayerScale).</summary>
    public double? Layerscale { get; init; } = 1e-5;

    /// <summary>Number of register tokens.</summary>
    public int NumRegisterTokens { get; init; }

    /// <summary>Feed-forward layer: <c>mlp</c> or <c>swiglufused</c>.</summary>
    [JsonConverter(typeof(ConfigEnumConverter<FfnLayer>))]
    public FfnLayer FfnLayer { get; init; } = FfnLayer.Mlp;
}
