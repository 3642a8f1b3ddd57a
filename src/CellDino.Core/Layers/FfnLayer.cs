namespace CellDino.Core.Layers;

/// <summary>The feed-forward network inside each transformer block.</summary>
public enum FfnLayer
{
    /// <summary>Linear → exact GELU → Linear (DINOv2 <c>ffn_layer="mlp"</c>).</summary>
    [Training.Config.ConfigName("mlp")] Mlp,

    /// <summary>Fused SwiGLU (DINOv2 <c>ffn_layer="swiglufused"</c>, ViT-g).</summary>
    [Training.Config.ConfigName("swiglufused", "swiglu")] SwiGlu,
}
