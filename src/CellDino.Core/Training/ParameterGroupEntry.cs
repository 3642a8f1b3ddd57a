using TorchSharp.Modules;

namespace CellDino.Core.Training;

/// <summary>One trainable parameter with its optimizer multipliers (an entry of DINOv2's <c>get_params_groups_with_decay</c>).</summary>
/// <param name="Name">Parameter name, prefixed with its sub-module (e.g. <c>backbone.blocks.0.attn.qkv.weight</c>).</param>
/// <param name="Parameter">The parameter itself.</param>
/// <param name="LrMultiplier">Multiplier of the scheduled learning rate.</param>
/// <param name="WdMultiplier">Multiplier of the scheduled weight decay (0 or 1).</param>
/// <param name="IsLastLayer">Whether it follows the last-layer learning-rate schedule.</param>
internal sealed record ParameterGroupEntry(string Name, Parameter Parameter, double LrMultiplier, double WdMultiplier, bool IsLastLayer);
