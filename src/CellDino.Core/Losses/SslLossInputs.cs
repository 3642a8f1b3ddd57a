using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// What one DINOv2/Cell-DINO training step feeds into the loss combination. B = images per global crop;
/// there are always 2 global crops (as in DINOv2), rows ordered crop A then crop B.
/// </summary>
internal sealed record SslLossInputs
{
    /// <summary>[2B, K] teacher targets for the global-crop class tokens, computed from the SWAPPED teacher rows (crop B, crop A).</summary>
    public required Tensor TeacherDinoTargets { get; init; }

    /// <summary>[2B, K] student head outputs of the global-crop class tokens, crop order A, B.</summary>
    public required Tensor StudentGlobalCls { get; init; }

    /// <summary>[n_local·B, K] student head outputs of the local-crop class tokens, crop-major; null or 0 rows when there are no local crops.</summary>
    public Tensor? StudentLocalCls { get; init; }

    /// <summary>Number of local crops (<c>crops.local_crops_number</c>).</summary>
    public int NumLocalCrops { get; init; }

    /// <summary>[2B, D] student backbone class tokens of the global crops (before the head): the KoLeo input.</summary>
    public Tensor? StudentGlobalClsBackbone { get; init; }

    /// <summary>[n_masked, K] student head outputs of the masked global-crop patches (flat mask order).</summary>
    public Tensor? StudentMaskedPatches { get; init; }

    /// <summary>[n_masked, K] teacher targets of the same patches.</summary>
    public Tensor? TeacherIbotTargets { get; init; }

    /// <summary>[2B, N] collated masks (bool or 0/1).</summary>
    public Tensor? Masks { get; init; }

    /// <summary>[n_masked] per-patch weights (collate's <c>masks_weight</c>); null: computed from <see cref="Masks"/>.</summary>
    public Tensor? MasksWeight { get; init; }
}
