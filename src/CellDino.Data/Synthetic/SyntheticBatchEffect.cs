namespace CellDino.Data.Synthetic;

/// <summary>
/// The technical (non-biological) effects applied to one field: what differs between plates and wells
/// and what batch-correction methods should remove.
/// </summary>
/// <param name="ChannelGain">Per-channel intensity multiplier.</param>
/// <param name="Background">Additive background offset in 16-bit counts.</param>
/// <param name="BlurSigma">Gaussian defocus sigma in pixels (0 = in focus).</param>
internal sealed record SyntheticBatchEffect(IReadOnlyList<float> ChannelGain, float Background, float BlurSigma);
