namespace CellDino.Core.Training.Config;

/// <summary>How the base learning rate scales with the batch size (DINOv2's <c>optim.scaling_rule</c>).</summary>
public enum LrScalingRule
{
    /// <summary><c>sqrt_wrt_1024</c>: lr = base_lr · √(batch / 1024) (DINOv2's and Cell-DINO's rule).</summary>
    [ConfigName("sqrt_wrt_1024")] SqrtWrt1024,

    /// <summary><c>linear_wrt_1024</c>: lr = base_lr · batch / 1024.</summary>
    [ConfigName("linear_wrt_1024")] LinearWrt1024,

    /// <summary><c>none</c>: lr = base_lr.</summary>
    [ConfigName("none", "")] None,
}
