namespace CellDino.Core.Losses;

/// <summary>How teacher head outputs become targets (DINOv2 <c>train.centering</c>).</summary>
public enum TeacherNormalization
{
    /// <summary>Centering with an EMA center, then a sharpened softmax (<c>"centering"</c>, Cell-DINO's choice).</summary>
    [Training.Config.ConfigName("centering")] Centering,

    /// <summary>Sinkhorn-Knopp normalization (<c>"sinkhorn_knopp"</c>); centers are not updated.</summary>
    [Training.Config.ConfigName("sinkhorn_knopp")] SinkhornKnopp,
}
