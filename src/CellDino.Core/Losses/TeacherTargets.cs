using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>Teacher targets of one training step (no gradient): DINO [2B, K] and, with iBOT, [n_masked, K].</summary>
/// <param name="Dino">Targets for the global-crop class tokens, rows in the swapped order (crop B, crop A).</param>
/// <param name="Ibot">Targets for the masked patch tokens, or null without iBOT.</param>
internal sealed record TeacherTargets(Tensor Dino, Tensor? Ibot) : IDisposable
{
    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Dino.Dispose();
        Ibot?.Dispose();
    }
}
