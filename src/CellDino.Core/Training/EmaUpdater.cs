using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// The teacher EMA of DINOv2 (<c>SSLMetaArch.update_teacher</c>): <c>θ_t ← θ_t·m + θ_s·(1−m)</c> over every parameter of
/// backbone and head, as a multiply then a fused add over the flat buffers (the same two roundings as
/// <c>_foreach_mul_</c> / <c>_foreach_add_(alpha=1−m)</c>), so an update is two kernels whatever the parameter count.
/// </summary>
internal static class EmaUpdater
{
    /// <summary>One EMA step with momentum <paramref name="momentum"/> (1: teacher frozen, 0: teacher = student).</summary>
    public static void Update(FlatParameters parameters, double momentum)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (momentum is < 0 or > 1 || double.IsNaN(momentum))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1].");
        using var _ = no_grad();
        parameters.Teacher.mul_(momentum);
        parameters.Teacher.add_(parameters.Student, alpha: 1 - momentum);
    }
}
